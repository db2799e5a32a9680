/** Hover over Keras initializers: the core writes the Markdown, this adapts it to a vscode.Hover. */
import * as vscode from 'vscode';
import { hoverAt, type HoverCommands, errorText } from '../../core/index';
import { Commands } from '../commands';
import { rangeInDocument, toRange, translate, type DocumentTexts } from './documents';

/** The only commands hover links may run: the preview and the generator, with one configuration. */
export const HOVER_COMMANDS: HoverCommands = { preview: Commands.openPreview, generate: Commands.generateWeights };

export class InitializerHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly texts: DocumentTexts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      // A notebook cell is read with the cells around it: a model built over several cells is known.
      const program = this.texts.program(document);
      const content = hoverAt(program.text, program.start + document.offsetAt(position), { t: translate, commands: HOVER_COMMANDS });
      if (content === undefined) return undefined;
      const markdown = new vscode.MarkdownString(content.markdown);
      markdown.isTrusted = { enabledCommands: [HOVER_COMMANDS.preview, HOVER_COMMANDS.generate] };
      const range = rangeInDocument(program, content.range);
      return new vscode.Hover(markdown, range !== undefined ? toRange(document, range) : undefined);
    } catch (e) {
      this.log.error(`hover failed in ${document.uri.toString()}: ${errorText(e, { stack: true })}`);
      return undefined;
    }
  }
}
