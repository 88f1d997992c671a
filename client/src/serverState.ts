/**
 * The language client's states, with the library's values (`State` in
 * vscode-languageclient), so that the status bar does not load the library.
 */
export const ServerState = { Stopped: 1, Running: 2, Starting: 3 } as const;
export type ServerState = (typeof ServerState)[keyof typeof ServerState];
