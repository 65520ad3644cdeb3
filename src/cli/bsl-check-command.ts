/**
 * `onec-sync bsl check <file.bsl | folder> [--platform 8.3.18]`: the parser and the
 * platform-API check for 1C developers' own modules. Errors as `file:line:column: message`,
 * a summary line, exit 1 when there is an error (warnings alone exit 0), 2 on bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkBslPath } from '../bsl/parser/index.js';
import { parsePlatformVersion } from '../bsl/platform/index.js';
import type { CommandIo } from './command-io.js';

export const BSL_CHECK_USAGE = `Usage: onec-sync bsl check <file.bsl | folder> [--platform <version>]

Checks 1C:Enterprise modules: syntax (Russian and English keywords), calls of the module's own
procedures and of common modules (exported, argument counts), and platform calls against the
1C 8.3 platform catalogue (types created with Новый, argument counts of global functions and of
methods on variables whose type is known, system enumeration values). Given a folder — a
configuration dumped to files (CommonModules/<Name>/Ext/Module.bsl with <Name>.xml), an EDT
project, or any folder of .bsl files — calls into its common modules resolve. A procedure or
function defined nowhere (not in the module, its global common modules, the platform or the
module's object or form) is an error in a configuration folder and a warning in a single file,
which cannot see the global modules. What cannot be known without running the code (methods of
a variable of unknown type) is not reported.

Options:
  --platform <version>     target platform, e.g. 8.3.18 or 8.3.22.2470: names it lacks
                           (per the version table) are reported as warnings
  -h, --help               this text

Exit code: 0 no errors (warnings allowed), 1 errors found, 2 bad arguments.`;

export async function runBslCheckCommand(args: string[], io: CommandIo): Promise<number> {
  let parsed: { values: { platform?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { platform: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${BSL_CHECK_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${BSL_CHECK_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`${positionals.length === 0 ? 'Give a .bsl file or a folder to check' : 'Give one file or folder'}\n\n${BSL_CHECK_USAGE}\n`);
    return 2;
  }
  const target = positionals[0]!;
  if (values.platform !== undefined) {
    try {
      parsePlatformVersion(values.platform);
    } catch (error) {
      io.stderr(`--platform: ${(error as Error).message}\n`);
      return 2;
    }
  }
  let isDirectory: boolean;
  try {
    isDirectory = fs.statSync(target).isDirectory();
  } catch {
    io.stderr(`No such file or folder: ${target}\n`);
    return 2;
  }

  const started = performance.now();
  const result = checkBslPath(target, values.platform === undefined ? {} : { platformVersion: values.platform });
  const seconds = (performance.now() - started) / 1000;
  let errors = 0;
  let warnings = 0;
  for (const f of result.findings) {
    const file = isDirectory ? path.join(target, f.file) : target;
    if (f.severity === 'error') errors++;
    else warnings++;
    io.stdout(`${file}:${f.line}:${f.column}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}\n`);
  }
  const s = result.stats;
  const n = (x: number): string => x.toLocaleString('en-US');
  io.stdout(
    `Checked ${n(result.files)} module${result.files === 1 ? '' : 's'} (${n(result.lines)} lines, ` +
      `${n(result.commonModules)} common module${result.commonModules === 1 ? '' : 's'}) in ${seconds.toFixed(1)} s` +
      `${values.platform ? ` for platform ${values.platform}` : ''}: ${n(errors)} error${errors === 1 ? '' : 's'}, ` +
      `${n(warnings)} warning${warnings === 1 ? '' : 's'}; verified ${n(s.constructors)} Новый, ` +
      `${n(s.globalFunctionCalls)} global-function calls, ${n(s.methodCalls)} method calls on known types, ` +
      `${n(s.procedureCalls)} procedure calls, ${n(s.enumValues)} enumeration values.\n`,
  );
  return errors > 0 ? 1 : 0;
}
