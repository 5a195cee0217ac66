/**
 * The labels and annotations of an emitted object's `metadata`: written only when there are some, and copied,
 * so a later change to the caller's object changes nothing emitted. Every object this library builds (Secrets,
 * Namespaces, StorageClasses, VolumeSnapshotClasses, ExternalSecret templates) spreads this after its name.
 */

/** `{ labels, annotations }` of `metadata`, each only when non-empty, copied. */
export function labelsAndAnnotations(
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
): { labels?: Record<string, string>; annotations?: Record<string, string> } {
  // Built field by field (not by spreading maybes): every token Secret, Namespace and class of an app goes through here.
  const written: { labels?: Record<string, string>; annotations?: Record<string, string> } = {};
  if (labels !== undefined && hasOwnKeys(labels)) written.labels = { ...labels };
  if (annotations !== undefined && hasOwnKeys(annotations)) written.annotations = { ...annotations };
  return written;
}

/** Whether `record` has an own enumerable key (without listing them all). */
function hasOwnKeys(record: Readonly<Record<string, string>>): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return true;
  return false;
}

/** `{ name }`, with the labels and annotations of {@link labelsAndAnnotations} when there are some. */
export function namedMetadata(
  name: string,
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
): { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } {
  const written = labelsAndAnnotations(labels, annotations);
  const metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } = { name };
  if (written.labels !== undefined) metadata.labels = written.labels;
  if (written.annotations !== undefined) metadata.annotations = written.annotations;
  return metadata;
}
