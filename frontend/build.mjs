// Bundles frontend/src into flask_webui/static/ (webui.js, webui.css).
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const options = {
  // main.js imports style.css, so esbuild also writes webui.css.
  entryPoints: { webui: "frontend/src/main.js" },
  outdir: "flask_webui/static",
  bundle: true,
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  target: ["es2020"],
  loader: { ".woff": "file", ".woff2": "file", ".svg": "dataurl" },
  logLevel: "info",
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
