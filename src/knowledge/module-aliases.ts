/**
 * Import aliases frameworks set up without a tsconfig `paths` entry, as data. `targets`
 * are tried in order, relative to the package (package.json directory) that imports.
 */
export interface ModuleAlias {
  prefix: string;
  targets: readonly string[];
  framework: string;
}

export const FRAMEWORK_ALIASES: readonly ModuleAlias[] = [
  { prefix: "$lib/", targets: ["src/lib"], framework: "SvelteKit" },
  { prefix: "$lib", targets: ["src/lib"], framework: "SvelteKit" },
  { prefix: "~~/", targets: ["."], framework: "Nuxt" },
  { prefix: "@@/", targets: ["."], framework: "Nuxt" },
  { prefix: "~/", targets: ["app", ".", "src"], framework: "Nuxt / Remix / Vite" },
  { prefix: "@/", targets: ["src", ".", "app"], framework: "Vite / Vue CLI / Next.js" },
  { prefix: "#/", targets: ["src", "."], framework: "subpath import" },
];
