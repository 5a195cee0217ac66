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
  return {
    ...(labels !== undefined && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
    ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
  };
}
