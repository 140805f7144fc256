import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/child.js';

/**
 * The shape of the code, kept as CONTRIBUTING describes it: modules small enough to read at
 * once, and no two modules that need each other (an import circle hides which one is the base).
 */

const SRC = join(ROOT, 'src');
const MAX_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/u.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const name = (path: string) => relative(SRC, path);

/** Every relative import and re-export of a module, type-only ones included. */
function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gmu)) {
    const base = resolve(dirname(path), m[1] as string).replace(/\.js$/u, '');
    const target = [`${base}.ts`, `${base}.tsx`].find((candidate) => files.includes(candidate));
    if (target) found.push(target);
  }
  return found;
}

describe('the shape of the code', () => {
  it(`has no source file over ${MAX_LINES} lines (message catalogues aside)`, () => {
    const long = files
      .filter((path) => !path.includes(`${join('web', 'i18n')}`))
      .map((path) => ({ path: name(path), lines: readFileSync(path, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ path, lines }) => `${path} (${lines})`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines (migrations and message catalogues aside)`, () => {
    const long = files
      .filter((path) => !path.includes(join('store', 'migrations')) && !path.includes(join('web', 'i18n')))
      .flatMap((path) => longFunctionsIn(name(path), readFileSync(path, 'utf8')));
    expect(long, `functions over ${MAX_FUNCTION_LINES} lines:\n${long.join('\n')}`).toEqual([]);
  });

  it('would name a long function', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export function long() {\n${body}\n}\nconst short = () => 1;\nclass C {\n  m() {\n${body}\n  }\n}\n`;
    expect(longFunctionsIn('x.ts', text)).toEqual([
      `x.ts:1 long (${MAX_FUNCTION_LINES + 2} lines)`,
      `x.ts:${MAX_FUNCTION_LINES + 5} m (${MAX_FUNCTION_LINES + 2} lines)`,
    ]);
  });

  it('has no import circle', () => {
    const graph = new Map(files.map((path) => [name(path), importsOf(path).map(name)]));
    expect(graph.size).toBeGreaterThan(100);
    // The reader sees imports at all: a module known to import another has its edge.
    expect(graph.get('app/app.ts')?.length).toBeGreaterThan(5);
    expect(circlesIn(graph)).toEqual([]);
  });

  it('would name a circle', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(circlesIn(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });
});

/** Every circle a depth-first walk of the import graph meets, as `a → b → a`. */
function circlesIn(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const circles: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') circles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return circles;
}

/** Every function (declaration, expression, arrow, method, accessor) over the limit, as `path:line name (n lines)`. */
function longFunctionsIn(path: string, text: string): string[] {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - first + 1;
      if (lines > MAX_FUNCTION_LINES)
        found.push(`${path}:${first} ${functionName(node, source)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A function's own name, or the name it is assigned to; anonymous callbacks say so. */
function functionName(node: ts.Node, source: ts.SourceFile): string {
  const own = (node as { name?: ts.Node }).name;
  if (own) return own.getText(source);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText(source);
  return '(anonymous)';
}
