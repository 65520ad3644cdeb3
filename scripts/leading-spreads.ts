import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './import-graph.js';

/**
 * Object literals inside functions that open with a spread and then add members
 * (`{ ...a, b }`, `{ ...a, ...c }`): on Node 20 each member after the spread costs about a
 * microsecond (docs/decisions/measured-costs.md, "Object literals that open with a spread").
 * Module-level literals run once and are left alone. Returns `file:line` of each.
 */
export function leadingSpreads(root: string, folders: readonly string[]): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of sourceFiles(path.join(root, folder))) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node, inFunction: boolean): void => {
        if (inFunction && ts.isObjectLiteralExpression(node) && node.properties.length > 1 && ts.isSpreadAssignment(node.properties[0]!)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          found.push(`${path.relative(root, file)}:${line + 1}`);
        }
        ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node)));
      };
      visit(source, false);
    }
  }
  return found;
}
