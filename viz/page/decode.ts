/**
 * Reads the report's embedded run: base64 text holding gzip-compressed JSON, inflated with the
 * browser's DecompressionStream (no library needed in current browsers).
 */
import { REPORT_FORMAT, type ReportData } from '../layout/data.js';

/** Decodes the data block; throws if it is missing, corrupt, or of another format. */
export async function readPayload(): Promise<ReportData> {
  const node = document.getElementById('ensemble-data');
  const text = node?.textContent?.trim() ?? '';
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const json = await new Response(stream).text();
  const data = JSON.parse(json) as ReportData;
  if (data.format !== REPORT_FORMAT) throw new Error(`viewer: report format ${String(data.format)}, this viewer reads format ${REPORT_FORMAT}`);
  return data;
}
