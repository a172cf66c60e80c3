// Bundles frontend/src into flask_webui/static/ for the first load to be small:
//
// - webui-[hash].js: the page, in one file (no chunk to wait for before it runs);
// - chunks/: the code editor, data tables, markdown and syntax highlighting, loaded by
//   dynamic import() only on pages that use them, and the Socket.IO client and
//   the HTML sanitizer, loaded once the first form is painted (the sanitizer
//   with the page when its first batch needs it);
// - webui-[hash].css: Bootstrap cut to the classes our widgets use, with our
//   styles; webui-rest-[hash].css: the rest of Bootstrap (for page authors'
//   own HTML), which the page loads once its first form shows;
// - themes/: Bootswatch themes, cut the same way;
// - every file also as .gz and .br, which the server picks by Accept-Encoding;
// - manifest.json: each asset's name (chunks/sanitize.js ...) -> its
//   content-hashed file, which the server caches for a year.
//
// `npm run watch` rebuilds on every change, with names unhashed and nothing cut.
import * as esbuild from "esbuild";
import { PurgeCSS } from "purgecss";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, watch as watchFiles, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const OUT = "flask_webui/static";
const LAZY = ["code_editor", "datatable", "highlight", "markdown", "sanitize", "socketio"];
// Bootswatch themes offered by config(theme=...), besides "default" and "dark"
// (Bootstrap's own color mode): one list for Python and the build. Their
// web-font @imports are dropped: the page loads nothing from a CDN, so the
// fonts fall back to the system's.
export const THEMES = JSON.parse(readFileSync("flask_webui/themes.json", "utf8")).bootswatch;
// Where the class names our pages use are written (JS builds them, Python and
// the template name a few).
const CLASS_SOURCES = ["frontend/src/**/*.js", "flask_webui/**/*.py", "flask_webui/templates/**/*.html"];
// Classes built at run time from a value (button colors), and the elements
// markdown and page authors' HTML make, styled from the first paint.
const ELEMENTS = ["html", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "ul", "ol", "li", "dl", "dt",
  "dd", "blockquote", "pre", "code", "kbd", "samp", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
  "caption", "hr", "img", "svg", "strong", "b", "em", "i", "mark", "small", "sub", "sup", "abbr", "del", "s",
  "figure", "details", "summary", "label", "input", "button", "select", "option", "optgroup", "textarea",
  "fieldset", "legend", "output", "progress", "iframe", "video", "audio", "canvas", "address", "main"];
const SAFELIST = { standard: [/^btn-/, ...ELEMENTS.map((tag) => new RegExp(`^${tag}$`))], greedy: [/data-bs-theme/] };

const hashOf = (text) => createHash("sha256").update(text).digest("base64url").slice(0, 8).toUpperCase();

// name-HASH.ext, HASH the first eight characters of the content's hash, as esbuild names.
function writeHashed(dir, name, text, hashed) {
  const dot = name.lastIndexOf(".");
  const file = hashed ? `${name.slice(0, dot)}-${hashOf(text).replace(/[^A-Z0-9]/g, "X")}${name.slice(dot)}` : name;
  writeFileSync(join(dir, file), text);
  return file;
}

// The page's import("../lazy/x.js") become imports of the built chunk.
function lazyChunks(files) {
  return {
    name: "lazy-chunks",
    setup(build) {
      build.onResolve({ filter: /\/lazy\/[a-z_]+\.js$/ }, (args) => ({
        path: `./chunks/${files[basename(args.path, ".js")]}`, external: true,
      }));
    },
  };
}

// Bootstrap split in what our pages use and the rest.
async function splitCss(css) {
  const [result] = await new PurgeCSS().purge({
    content: CLASS_SOURCES, css: [{ raw: css }], safelist: SAFELIST, rejectedCss: true,
    keyframes: false, fontFace: false, variables: false,
  });
  return [result.css, result.rejectedCss || ""];
}

async function buildAll({ production }) {
  rmSync(OUT, { recursive: true, force: true }); // no stale files
  mkdirSync(`${OUT}/themes`, { recursive: true });
  const common = {
    bundle: true, format: "esm", minify: production, target: ["es2020"], metafile: true,
    sourcemap: production ? false : "inline", logLevel: production ? "info" : "warning",
    loader: { ".woff": "file", ".woff2": "file", ".svg": "dataurl" },
  };
  const names = production ? "[name]-[hash]" : "[name]";
  const lazy = await esbuild.build({
    ...common, outdir: `${OUT}/chunks`, splitting: true, entryNames: names, chunkNames: "[name]-[hash]",
    entryPoints: Object.fromEntries(LAZY.map((name) => [name, `frontend/src/lazy/${name}.js`])),
  });
  const lazyFiles = {};
  for (const [file, output] of Object.entries(lazy.metafile.outputs)) {
    if (output.entryPoint) lazyFiles[basename(output.entryPoint, ".js")] = basename(file);
  }
  // main.js imports style.css, so esbuild also writes the CSS, named alike.
  const main = await esbuild.build({
    ...common, outdir: OUT, entryNames: names, entryPoints: { webui: "frontend/src/main.js" },
    plugins: [lazyChunks(lazyFiles)],
    // The chunks' file names, for a load tried again under a new URL (src/import_again.js).
    define: { WEBUI_CHUNKS: JSON.stringify(lazyFiles) },
  });
  const manifest = {};
  for (const name of LAZY) manifest[`chunks/${name}.js`] = `chunks/${lazyFiles[name]}`;
  for (const file of Object.keys(main.metafile.outputs)) {
    const built = relative(OUT, file);
    if (built.endsWith(".js")) manifest["webui.js"] = built;
    if (built.endsWith(".css")) manifest["webui.css"] = built;
  }
  if (production) {
    const [used, rest] = await splitCss(readFileSync(join(OUT, manifest["webui.css"]), "utf8"));
    rmSync(join(OUT, manifest["webui.css"]));
    manifest["webui.css"] = writeHashed(OUT, "webui.css", used, true);
    manifest["webui-rest.css"] = writeHashed(OUT, "webui-rest.css", rest, true);
  }
  for (const theme of THEMES) {
    const css = readFileSync(`node_modules/bootswatch/dist/${theme}/bootstrap.min.css`, "utf8")
      .replace(/@import url\([^)]*\);/g, "");
    const [used, rest] = production ? await splitCss(css) : [css, ""];
    manifest[`themes/${theme}.css`] = `themes/${writeHashed(`${OUT}/themes`, `${theme}.css`, used, production)}`;
    if (production) {
      manifest[`themes/${theme}-rest.css`] = `themes/${writeHashed(`${OUT}/themes`, `${theme}-rest.css`, rest, true)}`;
    }
  }
  writeFileSync(join(OUT, "manifest.json"), JSON.stringify(manifest, null, 1));
  if (production) compressAll(OUT);
}

// Every text asset also gzipped and brotli-compressed, when that is smaller.
function compressAll(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      compressAll(path);
      continue;
    }
    if (!/\.(js|css|json|svg|map)$/.test(entry)) continue;
    const data = readFileSync(path);
    const gzip = gzipSync(data, { level: 9 });
    const brotli = brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    if (gzip.length < data.length) writeFileSync(`${path}.gz`, gzip);
    if (brotli.length < data.length) writeFileSync(`${path}.br`, brotli);
  }
}

if (process.argv.includes("--watch")) {
  await buildAll({ production: false });
  let timer = null;
  watchFiles("frontend/src", { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => buildAll({ production: false }).catch((error) => console.error(error)), 100);
  });
  console.log("watching frontend/src");
} else {
  await buildAll({ production: true });
}
