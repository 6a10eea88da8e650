import { call } from './invoke';
import type { ImportChoices, ImportedPlan, Runbook } from './types';

/** Reads a Markdown plan without saving anything. `bytes` are the file's raw bytes (any encoding). */
export const importPlanPreview = (fileName: string, bytes: number[]) =>
  call<ImportedPlan>('import_plan_preview', { fileName, bytes });
/** Reads a Markdown plan, applies the preview's choices and saves it: the go-live runbook (returned), and its
 * preparation and follow-up runbooks when it has them. */
export const importPlanSave = (fileName: string, bytes: number[], choices: ImportChoices) =>
  call<Runbook>('import_plan_save', { fileName, bytes, choices });

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
