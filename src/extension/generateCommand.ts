/**
 * "Generate Weight File…" (kerasInitializers.generateWeights): builds the job — directly when the
 * argument has a `target` (generateJob.ts), else by asking what it does not give (generateWizard.ts) —
 * writes it (writeWeightFile.ts) and reports it. Resolves with a result object; errors go to an error
 * message and the log, never out of the command.
 */
import * as vscode from 'vscode';
import { loadingSnippet, type WeightFormat } from '../core/index';
import { Commands } from './commands';
import { parseGenerateArgument } from './generateArgs';
import { directJob, fileName, type Job } from './generateJob';
import { commandFailure } from './commandFailure';
import { interactiveJob } from './generateWizard';
import { readGenerateSettings } from './settings';
import { writeJob } from './writeWeightFile';

/** What the command resolves with. */
export interface GenerateResult {
  readonly ok: boolean;
  /** The user dismissed a question or cancelled the write. */
  readonly cancelled?: boolean;
  readonly error?: string;
  readonly uri?: string;
  readonly format?: WeightFormat;
  readonly bytes?: number;
  readonly tensors?: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: string }[];
  /** The seed recorded in the file (for a layer: the base seed), null when nothing is random. */
  readonly seed?: number | null;
  /** Python that loads the file. */
  readonly python?: string;
  readonly notes?: readonly string[];
}

function notify(job: Job, python: string, bytes: number): void {
  const reveal = vscode.l10n.t('Reveal');
  const copy = vscode.l10n.t('Copy Python to Load It');
  const size = bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Wrote {0}: {1}, {2}.', fileName(job.target), job.summary, size), reveal, copy)
    .then(async (choice) => {
      if (choice === reveal) {
        const inWorkspace = vscode.workspace.getWorkspaceFolder(job.target) !== undefined;
        await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', job.target);
      } else if (choice === copy) {
        await vscode.env.clipboard.writeText(python);
      }
    });
}

/** The command: returns a result; never throws. */
export async function generateWeights(argument: unknown, log: vscode.LogOutputChannel): Promise<GenerateResult> {
  try {
    const request = parseGenerateArgument(argument);
    const settings = readGenerateSettings(vscode.workspace);
    const job = request.target !== undefined ? directJob(request, settings) : await interactiveJob(request, settings);
    const bytes = await writeJob(job, settings, log);
    const python = loadingSnippet({
      path: job.target.scheme === 'file' ? job.target.fsPath : job.target.path,
      format: job.plan.format,
      tensors: job.plan.tensors,
      layer: job.layer,
    });
    log.info(`Wrote ${job.target.toString(true)}: ${job.summary}, ${bytes} bytes.`);
    for (const note of job.plan.notes) log.info(note);
    notify(job, python, bytes);
    return {
      ok: true,
      uri: job.target.toString(),
      format: job.plan.format,
      bytes,
      tensors: job.plan.tensors.map((t) => ({ name: t.name, shape: [...t.shape], dtype: t.dtype })),
      seed: job.plan.metadata.seed ?? null,
      python,
      notes: job.plan.notes,
    };
  } catch (e) {
    return commandFailure(e, log, {
      label: 'Generate Weight File',
      couldNot: vscode.l10n.t('Could not write the weight file: {0}', '{0}'),
    });
  }
}

/** Registers kerasInitializers.generateWeights. */
export function registerGenerateCommand(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.generateWeights, (argument?: unknown) => generateWeights(argument, log));
}
