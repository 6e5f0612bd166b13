import { Annotations } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Adds a warning with a stable id (`casera:<Id>`) so that reviewers and
 * tooling can recognise it across releases.
 */
export function warn(scope: IConstruct, id: string, message: string): void {
  Annotations.of(scope).addWarning(`[casera:${id}] ${message}`);
}
