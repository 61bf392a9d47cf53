// Prints where the AWS SDK for JavaScript v3 would send a Cognito user-pool call in this process's environment, as
// one JSON line {"region": ..., "endpoint": ...}, without sending anything: the request is stopped once it is built
// (after endpoint resolution, before signing), so neither credentials nor the network are needed.
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";

// Fixed credentials: the chain is the library's business in other tests; here they only let the request be built.
const client = new CognitoIdentityProviderClient({ credentials: { accessKeyId: "AKIDRESOLVEONLY", secretAccessKey: "unused" } });
const stop = new Error("stopped before sending");
let endpoint;
client.middlewareStack.add(
  (next) => async (args) => {
    const r = args.request;
    endpoint = `${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path}`;
    throw stop;
  },
  { step: "build", priority: "low" },
);

let region = null;
try {
  region = await client.config.region();
  await client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
} catch (e) {
  if (e !== stop) {
    console.log(JSON.stringify({ region, endpoint: null, error: `${e.name}: ${e.message}` }));
    process.exit(0);
  }
}
console.log(JSON.stringify({ region, endpoint }));
