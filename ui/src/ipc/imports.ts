import { call } from './invoke';
import type { ImportedPlan, Runbook } from './types';

/** Reads a Markdown plan without saving anything. `bytes` are the file's raw bytes (any encoding). */
export const importPlanPreview = (fileName: string, bytes: number[]) =>
  call<ImportedPlan>('import_plan_preview', { fileName, bytes });
/** Reads a Markdown plan and saves it as a new runbook. */
export const importPlanSave = (fileName: string, bytes: number[]) => call<Runbook>('import_plan_save', { fileName, bytes });

/** A file's bytes as the plain array the commands take. */
export async function fileBytes(file: Blob): Promise<number[]> {
  const buf = await file.arrayBuffer();
  return Array.from(new Uint8Array(buf));
}
