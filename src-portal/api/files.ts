import { limits } from '../../src-shared/limits.js';
import { portalAttachmentsMax, portalAttachmentsTotalMaxBytes, type PortalUpload } from '../../src-shared/portal/api.js';

/** Why chosen files cannot be sent, checked before anything is read or sent; null when they can. */
export function filesProblem(files: readonly File[]): 'tooMany' | 'tooLarge' | null {
  if (files.length > portalAttachmentsMax) return 'tooMany';
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > portalAttachmentsTotalMaxBytes || files.some((file) => file.size > limits.attachmentMaxBytes)) return 'tooLarge';
  return null;
}

/** A chosen file as the portal API takes it (base64 in the JSON body). */
export async function toUpload(file: File): Promise<PortalUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += chunk) binary += String.fromCharCode(...bytes.subarray(offset, offset + chunk));
  return { filename: file.name.slice(0, limits.attachmentFilenameMaxLength) || 'file', contentType: file.type || 'application/octet-stream', contentBase64: btoa(binary) };
}
