// A minimal plain-HTTP API server that answers discovery and an empty pod list, then replays a prepared stream of
// watch events as fast as the client reads them. The watch benchmark uses it to measure kubemux's own merge ceiling,
// without a simulator's cost of making and encrypting each event.
import http from 'node:http';

const POD = (name, rv) => ({
  type: 'MODIFIED',
  object: {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: String(rv),
      creationTimestamp: '2026-11-26T12:00:00Z',
      labels: { app: 'replay', 'pod-template-hash': '5d8f7c9b6d' },
      annotations: { 'kubemux.test/made-at': '0' },
    },
    spec: {
      containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      nodeName: 'node-1',
      restartPolicy: 'Always',
      serviceAccountName: 'default',
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.7',
      hostIP: '192.168.0.1',
      startTime: '2026-11-26T12:00:01Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-26T12:00:03Z' }],
      containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: 'nginx:1.27', state: { running: { startedAt: '2026-11-26T12:00:02Z' } } }],
    },
  },
});

/** Starts one replay server with `events` MODIFIED events over 100 pods; resolves with {url, close()}. */
export async function startReplayServer(events) {
  const chunks = [];
  for (let i = 0; i < events; i += 500) {
    let text = '';
    for (let j = i; j < Math.min(events, i + 500); j++) text += `${JSON.stringify(POD(`pod-${j % 100}`, 10 + j))}\n`;
    chunks.push(Buffer.from(text));
  }
  const json = (res, body) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api') return json(res, { kind: 'APIVersions', versions: ['v1'] });
    if (url.pathname === '/apis') return json(res, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (url.pathname === '/api/v1') {
      return json(res, { kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['list', 'watch'] }] });
    }
    if (url.pathname !== '/api/v1/pods') return json(res, { kind: 'Status', code: 404 });
    if (url.searchParams.get('watch') !== '1') return json(res, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let next = 0;
    const pump = () => {
      while (next < chunks.length) if (!res.write(chunks[next++])) return res.once('drain', pump);
    };
    pump();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.closeAllConnections() || server.close() };
}

/** A kubeconfig (YAML text) with one context per replay server, no credentials (plain http). */
export function replayKubeconfig(servers) {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  servers.forEach((s, i) => lines.push(`- name: r-${i + 1}`, '  cluster:', `    server: ${s.url}`));
  lines.push('contexts:');
  servers.forEach((_s, i) => lines.push(`- name: r-${i + 1}`, '  context:', `    cluster: r-${i + 1}`, '    user: anon'));
  lines.push('users:', '- name: anon', '  user: {}', 'current-context: r-1', '');
  return lines.join('\n');
}
