/**
 * px-security-constructs: the framework-free core.
 *
 * Everything the cdk8s constructs, the Pulumi components and `pxsec` do is built from these functions.
 */
export * from './names';
export * from './errors';
