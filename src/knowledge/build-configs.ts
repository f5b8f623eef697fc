/**
 * Build settings that copy values into the JavaScript sent to browsers, as data.
 *
 * - `file`: the config file's base name; `path`: the chain of property names that leads
 *   to the setting inside whatever object the file exports (`defineConfig({...})`,
 *   `module.exports = {...}`, a returned object…).
 * - `constructorName`: instead of a file, a plugin constructed anywhere (`new DefinePlugin(…)`).
 * - `mode` says how the setting exposes values:
 *   - `object`: every property's value is shipped (`next.config` `env`, Nuxt `runtimeConfig.public`);
 *   - `define`: each property is a global replaced by its value (Vite `define`, webpack `DefinePlugin`);
 *   - `prefixes`: a list of env prefixes that get exposed (Vite `envPrefix`);
 *   - `names`: a list (or object) of env variable names that get exposed (webpack `EnvironmentPlugin`).
 */
export interface BuildConfigInjection {
  tool: string;
  file?: RegExp;
  path?: readonly string[];
  constructorName?: string;
  mode: "object" | "define" | "prefixes" | "names";
}

const CONFIG = (name: string) => new RegExp(`^${name}\\.config\\.(?:js|cjs|mjs|ts|cts|mts)$`);

export const BUILD_CONFIG_INJECTIONS: readonly BuildConfigInjection[] = [
  { tool: "Next.js", file: CONFIG("next"), path: ["env"], mode: "object" },
  { tool: "Nuxt", file: CONFIG("nuxt"), path: ["runtimeConfig", "public"], mode: "object" },
  { tool: "Nuxt 2", file: CONFIG("nuxt"), path: ["publicRuntimeConfig"], mode: "object" },
  { tool: "Nuxt 2", file: CONFIG("nuxt"), path: ["env"], mode: "object" },
  { tool: "Nuxt (Vite)", file: CONFIG("nuxt"), path: ["vite", "define"], mode: "define" },
  { tool: "Vite", file: CONFIG("vite"), path: ["define"], mode: "define" },
  { tool: "Vite", file: CONFIG("vite"), path: ["envPrefix"], mode: "prefixes" },
  { tool: "Vitest/Vite", file: CONFIG("vitest"), path: ["define"], mode: "define" },
  { tool: "Astro (Vite)", file: CONFIG("astro"), path: ["vite", "define"], mode: "define" },
  { tool: "Astro (Vite)", file: CONFIG("astro"), path: ["vite", "envPrefix"], mode: "prefixes" },
  { tool: "SvelteKit (Vite)", file: CONFIG("svelte"), path: ["kit", "env", "publicPrefix"], mode: "prefixes" },
  { tool: "Rsbuild", file: CONFIG("rsbuild"), path: ["source", "define"], mode: "define" },
  // Expo embeds `extra` in the app manifest, which every install can read.
  { tool: "Expo", file: CONFIG("app"), path: ["extra"], mode: "object" },
  { tool: "Quasar", file: CONFIG("quasar"), path: ["build", "env"], mode: "object" },
  { tool: "webpack", constructorName: "DefinePlugin", mode: "define" },
  { tool: "webpack", constructorName: "EnvironmentPlugin", mode: "names" },
];

/** Text that must appear in a file for a constructor-based injection to be possible (prefilter). */
export const BUILD_INJECTION_CONSTRUCTORS: readonly string[] = BUILD_CONFIG_INJECTIONS.flatMap((i) => (i.constructorName ? [i.constructorName] : []));
