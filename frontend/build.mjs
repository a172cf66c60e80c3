// Bundles frontend/src into flask_webui/static/ (webui.js, webui.css). The
// code editor, syntax highlighting and similar heavy parts are split into
// chunks/ and loaded by dynamic import() only on pages that use them.
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

// Bootswatch themes offered by config(theme=...), besides "default" and "dark"
// (Bootstrap's own color mode): one list for Python and the build. Their
// web-font @imports are dropped: the page loads nothing from a CDN, so the
// fonts fall back to the system's.
export const THEMES = JSON.parse(readFileSync("flask_webui/themes.json", "utf8")).bootswatch;

function copyThemes(outdir) {
  mkdirSync(`${outdir}/themes`, { recursive: true });
  for (const theme of THEMES) {
    const css = readFileSync(`node_modules/bootswatch/dist/${theme}/bootstrap.min.css`, "utf8");
    writeFileSync(`${outdir}/themes/${theme}.css`, css.replace(/@import url\([^)]*\);/g, ""));
  }
}

const watch = process.argv.includes("--watch");
const options = {
  // main.js imports style.css, so esbuild also writes webui.css.
  entryPoints: { webui: "frontend/src/main.js" },
  outdir: "flask_webui/static",
  bundle: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  target: ["es2020"],
  loader: { ".woff": "file", ".woff2": "file", ".svg": "dataurl" },
  logLevel: "info",
};

if (watch) {
  copyThemes(options.outdir);
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  rmSync(options.outdir, { recursive: true, force: true }); // no stale chunks
  await esbuild.build(options);
  copyThemes(options.outdir);
}
