/** Entry point the extension host loads (extensionTestsPath): runs this folder's tests. */
import { runSuite } from '../shared/mochaRun';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
