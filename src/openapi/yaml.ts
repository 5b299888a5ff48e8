// JSON-shaped data as block YAML, for the API descriptions a person reads. Strings that could be
// read as anything else are written as JSON strings, which YAML reads back unchanged.

const PLAIN = /^[A-Za-z/_$][\w/{}$.,()' -]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(v: unknown): string {
  if (typeof v === 'string') {
    const plain = PLAIN.test(v) && !RESERVED.test(v) && !v.endsWith(' ') && !v.includes(' #');
    return plain ? v : JSON.stringify(v);
  }
  return JSON.stringify(v);
}

const isBlock = (v: unknown) =>
  typeof v === 'object' && v !== null && Object.keys(v as object).length > 0;

function lines(v: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      if (!isBlock(item)) return [`${pad}- ${isEmpty(item) ?? scalar(item)}`];
      const [first, ...rest] = lines(item, indent + 2);
      return [`${pad}- ${first!.trimStart()}`, ...rest];
    });
  }
  return Object.entries(v as Record<string, unknown>).flatMap(([k, val]) => {
    const key = scalar(k);
    if (!isBlock(val)) return [`${pad}${key}: ${isEmpty(val) ?? scalar(val)}`];
    return [`${pad}${key}:`, ...lines(val, indent + 2)];
  });
}

function isEmpty(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (typeof v === 'object' && v !== null && Object.keys(v).length === 0) return '{}';
  return undefined;
}

export function toYaml(v: unknown): string {
  return `${lines(v, 0).join('\n')}\n`;
}
