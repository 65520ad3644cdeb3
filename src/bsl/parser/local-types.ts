/**
 * What is known, without running the code, about the type of each local variable of a method:
 * the platform check trusts a variable's type only when every assignment to it in the method is
 * `Новый` of one type. Flow-insensitive on purpose: a branch that assigns something else makes
 * the variable unknown everywhere in the method, so no path can make a claim false.
 */
import type { PlatformCatalogue, TypeInfo } from '../platform/index.js';
import type { Expression, MethodNode, Statement } from './ast.js';

export type Known = { kind: 'type'; type: TypeInfo; origin: string } | { kind: 'dynamic' };

/**
 * Lower-case name → what is known. Parameters, `Перем` locals, loop variables and names
 * assigned anything but `Новый` are `dynamic`; module variables are left out (any method may
 * change them); `Выполнить` anywhere in the method makes every variable `dynamic`. Passing a
 * variable to a procedure, which could reassign a by-reference parameter, is assumed not to
 * change its type.
 */
export function localTypes(method: MethodNode, moduleVariables: ReadonlySet<string>, catalogue: PlatformCatalogue): Map<string, Known> {
  const scope = new Map<string, Known>();
  for (const p of method.info.params) scope.set(p.toLowerCase(), { kind: 'dynamic' });
  for (const v of method.locals) scope.set(v.name.toLowerCase(), { kind: 'dynamic' });
  const candidates = new Map<string, Known>();
  let executes = false;

  const note = (name: string, value: Known): void => {
    const key = name.toLowerCase();
    if (moduleVariables.has(key)) return;
    const seen = scope.get(key) ?? candidates.get(key);
    if (!seen) candidates.set(key, value);
    else if (seen.kind === 'type' && (value.kind !== 'type' || value.type !== seen.type)) candidates.set(key, { kind: 'dynamic' });
  };
  const typeOfNew = (value: Expression): Known => {
    if (value.type !== 'New' || !value.typeName) return { kind: 'dynamic' };
    const type = catalogue.type(value.typeName);
    return type ? { kind: 'type', type, origin: `Новый ${type.name} at line ${value.line}` } : { kind: 'dynamic' };
  };
  const visit = (list: Statement[]): void => {
    for (const st of list) {
      switch (st.type) {
        case 'Assign':
          if (st.target.type === 'Identifier') note(st.target.name, typeOfNew(st.value));
          break;
        case 'For':
        case 'ForEach':
          note(st.variable, { kind: 'dynamic' });
          visit(st.body);
          break;
        case 'If':
          for (const b of st.branches) visit(b.body);
          if (st.elseBody) visit(st.elseBody);
          break;
        case 'While':
          visit(st.body);
          break;
        case 'Try':
          visit(st.body);
          visit(st.handler);
          break;
        case 'Execute':
          executes = true;
          break;
        default:
          break;
      }
    }
  };
  visit(method.body);
  for (const [name, known] of candidates) scope.set(name, executes ? { kind: 'dynamic' } : known);
  return scope;
}
