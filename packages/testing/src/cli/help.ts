/** The default port of the command line (the library's default is a random free port). */
export const DEFAULT_CLI_PORT = 3210;

/** `sinch-simulator --help`. */
export const HELP_TEXT = `sinch-simulator — a local Sinch SMS inbounds API and webhook sender, for development and tests

Usage:
  sinch-simulator [options]                 run the simulator until Ctrl+C
  sinch-simulator --webhook URL --secret S  ... and deliver test SMS to your app, signed
  sinch-simulator --send "text" --webhook URL --secret S
                                            send one signed test SMS to URL and exit
                                            (no server is started)

Server:
  --port <n>              port to listen on (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host <h>              interface to listen on (default 127.0.0.1)
  --service-plan-id <id>  service plan id for bearer-token mode (default generated)
  --api-token <token>     API token for bearer-token mode (default generated)
  --project-id <id>       project id for OAuth2 mode (default generated)
  --key-id <id>           OAuth2 access key id (default generated)
  --key-secret <secret>   OAuth2 access key secret (default generated)
  --token-lifetime <s>    OAuth2 access token lifetime in seconds (default 3600)
  --seed-count <n>        store n generated inbounds at start (spread over the last 20 h)
  --seed <n>              random seed, for repeatable ids and data

Webhook delivery:
  --webhook <url>         where to POST inbound messages (http: or https:)
  --secret <s>            callback signing secret; required with --webhook unless --unsigned
  --unsigned              send callbacks without signature headers
  --max-attempts <n>      attempts per callback (default 16 like Sinch: 5 s, 10 s … 81,920 s;
                          default 1 with --send)
  --time-scale <x>        multiply Sinch's retry delays, e.g. 0.01 (default 1)

Test message:
  --send <text>           one-shot: send this text as an SMS to --webhook and exit with
                          0 when delivered (2xx), 1 otherwise
  --duplicate             with --send: then send the same SMS (same message id) again,
                          signed afresh, as Sinch redelivers; your app should answer
                          200 without handling it twice
  --from <msisdn>         sender of sent messages (default a generated US number)
  --to <number>           recipient of sent messages (default 12017777777)

While it runs, every line you type is sent as an SMS text (to --webhook when given;
always stored for the REST API). "/mms text" sends an MMS, "/binary" a binary SMS,
"/again" the last message again (same id: a duplicate, as Sinch redelivers).

  -h, --help              show this help

Exit codes: 0 success, 1 failure (port busy, delivery failed), 2 bad usage.
`;
