import { call } from './invoke';
import type { ImportedPlan, Runbook } from './types';

/** Reads a Markdown plan without saving anything. `bytes` are the file's raw bytes (any encoding). */
export const importPlanPreview = (fileName: string, bytes: number[]) =>
  call<ImportedPlan>('import_plan_preview', { fileName, bytes });
/** Reads a Markdown plan and saves it as a new runbook. */
export const importPlanSave = (fileName: string, bytes: number[]) => call<Runbook>('import_plan_save', { fileName, bytes });

/** A file's bytes as the plain array the commands take. */
export async function fileBytes(file: Blob): Promise<number[]> {
  const buf = typeof file.arrayBuffer === 'function' ? await file.arrayBuffer() : await readWithFileReader(file);
  return Array.from(new Uint8Array(buf));
}

// For engines without Blob.arrayBuffer (jsdom in the unit tests).
function readWithFileReader(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}
