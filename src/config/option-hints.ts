/**
 * Config keys people write that the config does not take, and what to use instead
 * (read as `"key" is <hint>`). Data: extend it here.
 */
export const CONFIG_KEY_HINTS: Readonly<Record<string, string>> = {
  // Options of one run, not of the project: they live on the command line only.
  baseline: "a command-line option: pass --baseline <file> to `aigis scan`",
  format: "a command-line option: pass --format (-f) to `aigis scan`",
  output: "a command-line option: pass --output (-o) to `aigis scan`",
  config: "a command-line option: pass --config (-c) to `aigis scan`",
  color: "a command-line option: pass --no-color to `aigis scan`",
  noColor: "a command-line option: pass --no-color to `aigis scan`",
  strict: "a command-line option: pass --strict to `aigis scan`",
  // Command-line spellings and near misses of config keys.
  "max-file-size": 'not a config key; did you mean "maxFileSize" (bytes)?',
  maxFileBytes: 'not a config key; did you mean "maxFileSize" (bytes)?',
  "fail-on": 'not a config key; did you mean "failOn"?',
  failon: 'not a config key; did you mean "failOn"?',
  exclude: 'not a config key; did you mean "ignore" (gitignore-style patterns)?',
  ignores: 'not a config key; did you mean "ignore" (gitignore-style patterns)?',
  ignorePatterns: 'not a config key; did you mean "ignore" (gitignore-style patterns)?',
  rule: 'not a config key; did you mean "rules"?',
};
