// Finds the line and column of a key path in a JSON or YAML config, so that an error points at the
// exact spot. Uses the `yaml` parser's source ranges (JSON is read as YAML 1.2 flow, ranges agree).

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Locator {
  /** Position of the value at `path` (or of its key when `atKey`), or of the nearest existing ancestor. */
  locate(path: readonly (string | number)[], atKey: boolean): Position | undefined;
  /**
   * True when the first `locate` parses the file (JS/TS configs, locate-module.ts): positions are
   * then looked up when asked for, not recorded for every value, so a valid config never parses.
   */
  readonly lazy?: boolean;
}

export function createLocator(text: string, prefix: readonly string[] = []): Locator {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    locate(path, atKey) {
      let node: Node | null = doc.contents;
      let found: Position | undefined = node?.range ? position(node.range[0]) : undefined;
      const full = [...prefix, ...path];
      for (let i = 0; i < full.length; i++) {
        const seg = full[i]!;
        const last = i === full.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
          if (pair === undefined) return found;
          const keyNode = pair.key as Node;
          if (last && atKey && keyNode.range) return position(keyNode.range[0]);
          node = (pair.value as Node | null) ?? null;
          const range = node?.range ?? keyNode.range;
          if (range) found = position(range[0]);
        } else if (isSeq(node) && typeof seg === 'number') {
          const item = node.items[seg] as Node | undefined;
          if (item === undefined) return found;
          node = item;
          if (item.range) found = position(item.range[0]);
        } else {
          return found;
        }
      }
      return found;
    },
  };
}
