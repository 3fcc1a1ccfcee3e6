// Sends each kind of authenticated read the scenarios begin with, as both callers, a few rounds,
// and waits generously for each answer. Exit 1 when one never comes or is not a 200.
//
//   BROKER_URL=... BROKER_ADMIN=user:password BROKER_USER=user:password node warm-up.mjs
const broker = process.env.BROKER_URL.replace(/\/+$/, '');
const basic = credentials => 'Basic ' + Buffer.from(credentials).toString('base64');
const reads = [
    [process.env.BROKER_ADMIN, '/api/v1/me'],
    [process.env.BROKER_ADMIN, '/api/v1/servers'],
    [process.env.BROKER_USER, '/api/v1/me'],
    [process.env.BROKER_USER, '/api/v1/connections'],
];
const started = Date.now();
for (let round = 1; round <= 3; round++) {
    for (const [credentials, path] of reads) {
        const response = await fetch(broker + path, {
            headers: {Accept: 'application/json', Authorization: basic(credentials)},
            signal: AbortSignal.timeout(180_000),
        });
        await response.arrayBuffer();
        if (response.status !== 200) {
            console.error(`warm-up: GET ${path} answered ${response.status}`);
            process.exit(1);
        }
    }
}
console.log(`conformance: broker warmed up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
