/**
 * A SealedDelivery whose certificate is read from a PEM file: the Node adapter's side of sealed delivery.
 */
import type { SealedDelivery } from '../core/cluster/secret-delivery';
import { readInputFile } from './input-file';

/** A SealedDelivery whose certificate is read from a PEM file. */
export function sealedDeliveryFromFile(certificateFile: string, options: Omit<SealedDelivery, 'kind' | 'certificatePem'> = {}): SealedDelivery {
  const certificatePem = readInputFile(certificateFile, {
    field: 'certificateFile',
    errorCode: 'SEAL_CERT_UNREADABLE',
    unreadableFix: 'save the controller certificate with `kubeseal --fetch-cert > cert.pem` and give its path',
  });
  return { ...options, kind: 'sealed', certificatePem };
}
