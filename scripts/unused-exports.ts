import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ExportUse {
  /** Repo-relative path of the exporting file. */
  file: string;
  name: string;
  /** A type or interface (nothing at run time), or a value: a function, class, constant or enum. */
  kind: 'type' | 'value';
  /** Repo-relative paths of the files that import it (re-exports included). */
  users: string[];
  /** Whether its own file uses it (then, without importers, it is only exported wider than needed). */
  usedInFile: boolean;
}

/**
 * Every exported name of the program's files under `folders`, with the files that import it:
 * named and default imports, `export … from` (a re-export uses the name), `import * as`
 * (uses every name), `import('…')` in types and at run time (the names read from it when they
 * can be seen, else every name). Read with the TypeScript compiler API, so the answer is the
 * compiler's own view of the sources.
 */
export function exportUses(root: string, tsconfig: string, folders: readonly string[]): ExportUse[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(root, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host: ts.createCompilerHost(config.options, true) });
  const own = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));
  const rel = (fileName: string) => relative(root, fileName);
  const exported = new Map<string, Map<string, 'type' | 'value'>>();
  const localUse = new Map<string, Set<string>>();
  for (const file of own) {
    if (!folders.some((folder) => rel(file.fileName).startsWith(`${folder}/`))) continue;
    exported.set(rel(file.fileName), exportedNames(file));
    localUse.set(rel(file.fileName), namesUsedLocally(file));
  }
  const users = new Map<string, Set<string>>();
  const use = (target: string, name: string | '*', user: string) => {
    const names = name === '*' ? [...(exported.get(target)?.keys() ?? [])] : [name];
    for (const n of names) {
      const key = `${target}\u0000${n}`;
      if (!users.has(key)) users.set(key, new Set());
      users.get(key)!.add(user);
    }
  };
  for (const file of own) {
    const user = rel(file.fileName);
    const target = (specifier: ts.Expression | undefined): string | null => {
      if (!specifier || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return null;
      const resolved = ts.resolveModuleName(specifier.text, file.fileName, config.options, ts.sys).resolvedModule;
      return resolved ? rel(resolved.resolvedFileName) : rel(resolve(dirname(file.fileName), specifier.text));
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const from = target(node.moduleSpecifier);
        const clause = node.importClause;
        if (from && clause) {
          if (clause.name) use(from, 'default', user);
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) use(from, '*', user);
          if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) use(from, (el.propertyName ?? el.name).text, user);
        }
      } else if (ts.isExportDeclaration(node)) {
        const from = target(node.moduleSpecifier);
        if (from) {
          if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) use(from, '*', user);
          else for (const el of node.exportClause.elements) use(from, (el.propertyName ?? el.name).text, user);
        }
      } else if (ts.isImportTypeNode(node)) {
        const from = ts.isLiteralTypeNode(node.argument) ? target(node.argument.literal) : null;
        if (from) use(from, node.qualifier ? leftmost(node.qualifier) : '*', user);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const from = target(node.arguments[0]);
        if (from) for (const name of namesReadFrom(node)) use(from, name, user);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const out: ExportUse[] = [];
  for (const [file, names] of exported) {
    for (const [name, kind] of names) {
      const importers = [...(users.get(`${file}\u0000${name}`) ?? [])].filter((u) => u !== file).sort();
      out.push({ file, name, kind, users: importers, usedInFile: localUse.get(file)!.has(name) });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}

function exportedNames(file: ts.SourceFile): Map<string, 'type' | 'value'> {
  const names = new Map<string, 'type' | 'value'>();
  const modifiers = (node: ts.Node) => (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []);
  const has = (node: ts.Node, kind: ts.SyntaxKind) => modifiers(node).some((m) => m.kind === kind);
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement)) names.set('default', 'value');
    else if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const el of statement.exportClause.elements) names.set(el.name.text, statement.isTypeOnly || el.isTypeOnly ? 'type' : 'value');
      }
    } else if (has(statement, ts.SyntaxKind.ExportKeyword)) {
      const kind = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) ? 'type' : 'value';
      if (has(statement, ts.SyntaxKind.DefaultKeyword)) names.set('default', kind);
      else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.set(d.name.text, 'value');
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
        // A class or an enum is a value and a type: a value for this check.
        names.set((statement.name as ts.Identifier).text, kind);
      }
    }
  }
  return names;
}

/** Identifiers read in the file: every identifier but a declaration's own name, an import's and an export list's. */
function namesUsedLocally(file: ts.SourceFile): Set<string> {
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isOwnName =
        parent && 'name' in parent && (parent as { name?: ts.Node }).name === node && (ts.isDeclarationStatement(parent) || ts.isVariableDeclaration(parent));
      if (!isOwnName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return used;
}

function leftmost(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : leftmost(name.left);
}

/** `(await import('./x.js')).name` and `const { a, b } = await import('./x.js')`; anything else may read every name. */
function namesReadFrom(call: ts.CallExpression): Array<string | '*'> {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return [parent.name.text];
  if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
    const names: string[] = [];
    for (const el of parent.name.elements) {
      const key = el.propertyName ?? el.name;
      if (el.dotDotDotToken || !ts.isIdentifier(key)) return ['*'];
      names.push(key.text);
    }
    return names;
  }
  return ['*'];
}
