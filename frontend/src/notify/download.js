// "download": save base64 `content` as a file called `name`.
export function download(spec) {
  const bytes = Uint8Array.from(atob(spec.content || ""), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes]));
  const link = document.createElement("a");
  link.href = url;
  link.download = spec.name || "download";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
