/**
 * P-compositionality: operations that touch a common atom (key, path component) land in the same
 * partition, found with union-find over the atoms.
 */

/** Groups operation indices by connected atoms; groups come out ordered by their first operation. */
export function groupByAtoms(atoms: readonly (string | readonly string[])[]): { readonly members: number[]; readonly atoms: string[] }[] {
  const parent: number[] = [];
  const idOf = new Map<string, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    let y = x;
    while (parent[y] !== r) {
      const up = parent[y] as number;
      parent[y] = r;
      y = up;
    }
    return r;
  };
  const atomId = (a: string): number => {
    let id = idOf.get(a);
    if (id === undefined) {
      id = parent.length;
      parent.push(id);
      idOf.set(a, id);
    }
    return id;
  };
  // Operations touching no atom still need a group: each gets a private one.
  const first: number[] = atoms.map((list, i) =>
    typeof list === 'string' ? atomId(list) : list.length === 0 ? atomId(`\u0000op${i}`) : atomId(list[0] as string),
  );
  atoms.forEach((list, i) => {
    if (typeof list === 'string') return;
    for (let j = 1; j < list.length; j++) {
      const a = find(first[i] as number);
      const b = find(atomId(list[j] as string));
      if (a !== b) parent[b] = a;
    }
  });
  const groups = new Map<number, { members: number[]; atoms: string[] }>();
  atoms.forEach((_, i) => {
    const root = find(first[i] as number);
    let g = groups.get(root);
    if (g === undefined) groups.set(root, (g = { members: [], atoms: [] }));
    g.members.push(i);
  });
  for (const [atom, id] of idOf) {
    if (atom.startsWith('\u0000')) continue;
    groups.get(find(id))?.atoms.push(atom);
  }
  for (const g of groups.values()) g.atoms.sort();
  return [...groups.values()];
}
