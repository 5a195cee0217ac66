/**
 * No model package on npm covers the CSI snapshot CRDs (snapshot.storage.k8s.io), so tests validate emitted
 * VolumeSnapshotClasses and VolumeSnapshots with ajv against the v1 `openAPIV3Schema` of the
 * external-snapshotter's CRDs (client/config/crd), made strict: a field the CRD does not know is an error here
 * (the API server would silently prune it).
 */
import Ajv from 'ajv';

const metadata = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

const VOLUME_SNAPSHOT_CLASS = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'deletionPolicy', 'driver'],
  properties: {
    apiVersion: { const: 'snapshot.storage.k8s.io/v1' },
    kind: { const: 'VolumeSnapshotClass' },
    metadata: { ...metadata, not: { required: ['namespace'] } },
    deletionPolicy: { enum: ['Delete', 'Retain'] },
    driver: { type: 'string' },
    parameters: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

const VOLUME_SNAPSHOT = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'snapshot.storage.k8s.io/v1' },
    kind: { const: 'VolumeSnapshot' },
    metadata,
    spec: {
      type: 'object',
      required: ['source'],
      properties: {
        source: {
          type: 'object',
          properties: { persistentVolumeClaimName: { type: 'string' }, volumeSnapshotContentName: { type: 'string' } },
          oneOf: [{ required: ['persistentVolumeClaimName'] }, { required: ['volumeSnapshotContentName'] }],
          additionalProperties: false,
        },
        volumeSnapshotClassName: { type: 'string', minLength: 1 },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const ajv = new Ajv({ allErrors: true });
const validators = {
  VolumeSnapshotClass: ajv.compile(VOLUME_SNAPSHOT_CLASS),
  VolumeSnapshot: ajv.compile(VOLUME_SNAPSHOT),
};

/** Throws with ajv's complaints unless `object` is a valid VolumeSnapshotClass or VolumeSnapshot (v1). */
export function validateSnapshotObject(kind: string, object: unknown): void {
  const validate = validators[kind as keyof typeof validators];
  if (validate === undefined) throw new Error(`no snapshot.storage.k8s.io schema for kind ${kind}`);
  if (!validate(object)) throw new Error(ajv.errorsText(validate.errors));
}
