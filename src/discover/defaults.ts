/** What a scan leaves out unless told otherwise. Data: extend it here. */

/** Directories that hold dependencies, build output or caches, never the app's own source. */
export const EXCLUDED_DIRECTORIES: readonly string[] = [
  "node_modules", ".git", ".hg", ".svn", "dist", "build", "out", ".next", ".nuxt", ".output", ".svelte-kit",
  ".vercel", ".netlify", ".wrangler", "coverage", ".nyc_output", ".turbo", ".cache", ".parcel-cache", ".vite",
  "bower_components", "jspm_packages", ".expo", ".docusaurus", ".angular", "storybook-static", "__pycache__",
  ".venv", "venv", ".tox", ".gradle", "Pods", ".yarn", ".pnpm-store",
];

/** Generated files that are rebuilt from source (lock files, bundles, maps). */
export const EXCLUDED_FILE_PATTERNS: readonly string[] = [
  "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock",
  "composer.lock", "Cargo.lock", "poetry.lock", "Gemfile.lock", "Pipfile.lock", "go.sum",
  "*.min.js", "*.min.mjs", "*.min.cjs", "*.min.css", "*.bundle.js", "*.chunk.js", "*.map",
];

/** Extensions of files that are never text worth reading. */
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".icns", ".bmp", ".tiff", ".psd", ".heic",
  ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".avi",
  ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar", ".war", ".pdf", ".wasm", ".exe", ".dll", ".so",
  ".dylib", ".node", ".bin", ".dat", ".db", ".sqlite", ".sqlite3", ".pyc", ".class", ".o", ".a", ".lockb",
  ".glb", ".gltf", ".fbx", ".obj", ".blend", ".onnx", ".pt", ".safetensors", ".gguf", ".parquet",
]);

/** Files above this size are skipped with a notice (a 50 MB bundle is not source). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The project's own ignore file, same syntax as `.gitignore`. */
export const AIGIS_IGNORE_FILE = ".aigisignore";
