import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const places = [
  'Northbridge',
  'Eastmoor',
  'Westfield',
  'Southport',
  'Kingsbury',
  'Ashdown',
  'Riverside',
  'Highcliffe',
];
const kinds = ['City', 'Borough', 'District', 'County'];

/**
 * `count` policy documents made by varying the sample policy (council name, figures, paragraph
 * order) so a large index is not 1,000 copies of the same terms.
 */
export async function generatePolicyCorpus(count: number): Promise<Array<{ file: string; text: string }>> {
  const sampleDir = join(root, 'knowledge/sample-policy');
  const samples = await Promise.all(
    (await readdir(sampleDir))
      .filter((file) => file.endsWith('.md'))
      .map(async (file) => ({ file, text: await readFile(join(sampleDir, file), 'utf8') })),
  );
  const documents: Array<{ file: string; text: string }> = [];
  for (let n = 0; n < count; n += 1) {
    const sample = samples[n % samples.length];
    if (sample) documents.push({ file: `${n}-${sample.file}`, text: vary(sample.text, n) });
  }
  return documents;
}

function vary(text: string, n: number): string {
  const place = `${places[n % places.length]} ${kinds[Math.floor(n / places.length) % kinds.length]}`;
  const paragraphs = text
    .replace(/Northbridge City/g, place)
    .replace(/\b(\d+)\b/g, (digits) => String(Number(digits) + (n % 5)))
    .split('\n\n');
  // Rotate body paragraphs inside the document (the title and link stay first).
  const head = paragraphs.slice(0, 2);
  const body = paragraphs.slice(2);
  const shift = body.length > 0 ? n % body.length : 0;
  return [...head, ...body.slice(shift), ...body.slice(0, shift)].join('\n\n');
}
