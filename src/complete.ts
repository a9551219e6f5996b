/**
 * The fast completion path (`kubemux __complete ...`), loaded by bin/kubemux.js without commander or the Kubernetes
 * client library. Issue 6 fills it in.
 */
export async function main(_argv: string[]): Promise<number> {
  return 0;
}
