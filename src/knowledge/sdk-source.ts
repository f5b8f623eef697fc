/**
 * Which packages are AI SDKs themselves, for scanning an SDK's own repository.
 *
 * The source of a published SDK (`packages/openai/src` in the Vercel AI SDK's monorepo,
 * `libs/providers/langchain-openai` in LangChain's) is the library apps install, not an app:
 * its requests to a provider are made on behalf of whoever calls it, with the key they pass.
 * An app that installs it never sees that source (it sits in `node_modules`), so aigis judges
 * the app's own calls of the SDK; scanning the SDK's repository gives the same answers for
 * its examples and apps. The AI analysis leaves SDK source out, as it leaves tests out; keys
 * in it are still reported.
 *
 * A package is SDK source when its `package.json` is published (not `"private": true`) under
 * the name of an SDK of `ai-sdks.ts`, or under a scope only SDK vendors publish to. An app
 * that calls itself `ai` is private, and is analysed.
 */
export const SDK_VENDOR_SCOPES: readonly string[] = ["@ai-sdk/", "@langchain/", "@llamaindex/", "@mastra/"];

/**
 * Folders inside an SDK package that hold apps using it (`packages/devtools/examples/basic`):
 * analysed as apps, since that is what they show users to write.
 */
export const SDK_DEMO_FOLDERS: readonly string[] = ["examples", "example", "demos", "demo", "playground"];
