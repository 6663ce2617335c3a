// Cloudflare Workers entry (workerd, through miniflare): the scenario input as the
// request body, the report as the response.
import { runScenario, type ScenarioInput } from './scenario.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const report = await runScenario((await request.json()) as ScenarioInput, 'workerd');
    return new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } });
  },
};
