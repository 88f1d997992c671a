// dist/languageClient.js: the language client of both builds in one bundle, so the .vsix
// carries one copy of vscode-languageclient. The desktop extension (dist/client.js) requires
// it just after activation and calls startLanguageClient; the web extension runs it as its
// entry (package.json `browser`: activate, deactivate). Each build's transport library
// ("vscode-languageclient/node" or "/browser") is required only when that build starts, so
// neither loads the other's platform APIs (scripts/build.mjs maps the libraries' own imports
// to their platform-neutral modules).
export { startLanguageClient } from "./languageClient";
export { activate, deactivate } from "./browserExtension";
