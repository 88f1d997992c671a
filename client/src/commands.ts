// The commands a newcomer meets first (the walkthrough links to them): create a
// .policylens.yaml, open the rule reference shipped with the extension, show the output,
// and open a sample contract. They need no language client, so activation registers them.
import * as vscode from "vscode";
import { configTemplate, documentedRules, profileChoices, ruleHeadingLine } from "./firstRun";
import { COMMANDS } from "../../server/src/protocol";

export const CREATE_CONFIG_COMMAND = COMMANDS.createConfig;
export const OPEN_RULE_REFERENCE_COMMAND = COMMANDS.openRuleReference;
export const SHOW_OUTPUT_COMMAND = COMMANDS.showOutput;
export const OPEN_SAMPLE_COMMAND = COMMANDS.openSample;

export function registerCommands(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): void {
  const docsUri = vscode.Uri.joinPath(context.extensionUri, "docs", "rules.md");
  const readDocs = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(docsUri));

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => outputChannel.show(true)),

    // The reference is the one shipped with this version of the rules: it opens offline too.
    vscode.commands.registerCommand(OPEN_RULE_REFERENCE_COMMAND, async (rule?: string) => {
      const docs = await readDocs();
      if (typeof rule !== "string" || !rule) {
        const picked = await vscode.window.showQuickPick(documentedRules(docs), { placeHolder: "Which rule? (the whole reference opens at its section)" });
        if (!picked) return;
        rule = picked;
      }
      const line = ruleHeadingLine(docs, rule) ?? 0;
      const editor = await vscode.window.showTextDocument(docsUri, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      outputChannel.appendLine(`Opened the rule reference at ${rule} (${docsUri.fsPath}:${line + 1})`);
    }),

    vscode.commands.registerCommand(CREATE_CONFIG_COMMAND, async () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: "Create .policylens.yaml in which folder?" });
      const profiles = profileChoices(context.extension.packageJSON);
      const picked = await vscode.window.showQuickPick(
        profiles.map((p) => ({ label: p.name || "No profile", description: p.name ? "" : "built-in defaults", detail: p.description, name: p.name })),
        { placeHolder: "Which policy profile should documents here use?", matchOnDetail: true },
      );
      if (!picked) return;
      const text = configTemplate(picked.name, profiles);
      if (!folder) {
        // No folder to write to: the file's text, to save where it belongs.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: "yaml", content: text }));
        return;
      }
      const target = vscode.Uri.joinPath(folder.uri, ".policylens.yaml");
      const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
      // Never overwrite a config someone wrote: open it instead.
      if (!exists) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      await vscode.window.showTextDocument(target);
      if (exists) void vscode.window.showInformationMessage(`Policy Lens: ${vscode.workspace.asRelativePath(target)} already exists; opened it unchanged.`);
    }),

    // A copy, not the file in the extension's folder: the user may edit it freely.
    vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, async () => {
      const sample = vscode.Uri.joinPath(context.extensionUri, "samples", "contract-chatbot-missing-terms.md");
      const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(sample));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: "markdown", content }));
    }),
  );
}
