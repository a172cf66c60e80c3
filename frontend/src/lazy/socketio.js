// The Socket.IO client, in a chunk of its own: the page shows its first form
// before it loads (the connection opens after that first paint), and a page
// on HTTP polling never loads it.
export { io } from "socket.io-client";
