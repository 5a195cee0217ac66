/**
 * What an app with a `PxSecureCluster` does when it synthesizes, before cdk8s orders and renders its charts: check
 * the objects are unique per cluster (`unique-objects.ts`), then order them for a first apply (`apply-order.ts`),
 * each object's providers looked up among the identities that check found (one pass over the objects' identities).
 * cdk8s has no hook for this but validation, which it runs again for every chart it renders; so it is one
 * validation of the app's root, done again only when the tree has grown since.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { orderForFirstApply } from './apply-order';
import { DuplicateReports } from './unique-objects';

/** Apps (tree roots) that already check at synth. */
const CHECKED_ROOTS = new WeakSet<IConstruct>();

/** Makes the app `scope` belongs to order and check its objects when it synthesizes (once per app). */
export function checkAtSynth(scope: IConstruct): void {
  const root = scope.node.root;
  if (CHECKED_ROOTS.has(root)) return;
  CHECKED_ROOTS.add(root);
  const duplicates = new DuplicateReports(root);
  // How many constructs the tree held when last checked, and whether it had no duplicate then.
  let checked = { constructs: 0, clean: false };
  // The root validates first (cdk8s validates the tree top down): the constructs that report a duplicate do so later
  // in the same pass.
  root.node.addValidation({
    validate: () => {
      const constructs = root.node.findAll();
      if (checked.clean && constructs.length === checked.constructs) return [];
      const apiObjects = constructs.filter((construct): construct is ApiObject => ApiObject.isApiObject(construct));
      const identities = duplicates.check(apiObjects);
      if (constructs.length !== checked.constructs) orderForFirstApply(constructs, apiObjects, identities);
      checked = { constructs: constructs.length, clean: identities.clean };
      return [];
    },
  });
}
