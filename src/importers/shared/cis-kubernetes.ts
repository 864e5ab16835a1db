/**
 * The framework a kube-bench check evidences, named as in `controls`:
 * kube-bench writes its benchmark version as `1.6` (older releases) or
 * `cis-1.8` (newer ones); both are "CIS Kubernetes <version>". A
 * distribution's benchmark (`eks-1.2.0`, `gke-1.6.0`) keeps its own name.
 */
export function cisKubernetesFramework(version: string): string {
  return `CIS Kubernetes ${version.replace(/^cis-/i, "")}`;
}
