import { ConsultationResolveRequest, VisitType } from '@flex-checkout/protocol';
import { Hono } from 'hono';
import { listLetters } from '../consultations/letters.js';
import { questionnaireFor } from '../consultations/questionnaires.js';
import { consultations, resolveConsultation } from '../consultations/service.js';
import { invalid } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { negotiateLanguage } from '../http/language.js';
import { parseBody } from '../http/validate.js';
import { customers } from './customers.js';
import { listPage, mustGet } from './lists.js';

/** `/v1/consultations`: decisions only. The answers are the provider's record and never leave it. */
export const consultationRoutes = new Hono<SandboxEnv>()
  .get('/', (c) =>
    listPage(c, consultations, 'consultations', 'consultation', {
      customer_id: c.req.query('customer'),
      checkout_session_id: c.req.query('checkout_session'),
    }),
  )
  .get('/:id', async (c) => c.json({ consultation: await mustGet(c, consultations, 'consultation', c.req.param('id')) }));

/** `/v1/questionnaires/{visit_type}`: the questionnaire definitions, as data, in the language `Accept-Language` asks for. */
export const questionnaireRoutes = new Hono<SandboxEnv>().use('*', negotiateLanguage).get('/:visitType', (c) => {
  const parsed = VisitType.safeParse(c.req.param('visitType'));
  if (!parsed.success) throw invalid(['path', 'visit_type'], `Visit types are ${VisitType.options.join(', ')}`);
  return c.json({ questionnaire: questionnaireFor(parsed.data, c.var.language) });
});

/** `/v1/customers/{id}/letters`: the customer's letters, valid and expired. */
export const customerLetterRoutes = new Hono<SandboxEnv>().get('/:id/letters', async (c) => {
  const customer = await mustGet(c, customers, 'customer', c.req.param('id'));
  return c.json({ letters: await listLetters(c.var.db, c.var.now, customer.customer_id), has_more: false });
});

/** `/v1/test_helpers/consultations/{id}/resolve`: a clinician decides a pending consultation. */
export const consultationTestHelperRoutes = new Hono<SandboxEnv>().post('/:id/resolve', async (c) => {
  const { decision } = await parseBody(c, ConsultationResolveRequest);
  const consultation = await mustGet(c, consultations, 'consultation', c.req.param('id'));
  return c.json({ consultation: await resolveConsultation(c.var.db, c.var.now, consultation, decision) });
});
