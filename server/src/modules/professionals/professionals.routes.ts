import { OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../../http/auth';
import { defineRoute, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pagingQuery, queryBool } from '../../lib/paging';
import { isValidUscc, normalizeUscc } from '../../lib/uscc';
import { attachmentName, XLSX_TYPE } from '../../lib/xlsx';
import { newOrganizationFields } from '../organizations/organizations.routes';
import { newAccountFields } from '../users/users.routes';
import { professionalsWorkbook } from './professionals.export';
import * as service from './professionals.service';

const ipTypes = ['patent_invention', 'utility_model', 'design', 'trademark', 'copyright', 'software_copyright', 'trade_secret', 'geographical_indication', 'layout_design', 'plant_variety'] as const;
const tag = ['professionals'];
const subject = z.object({ subjectType: z.enum(['agency', 'user']), subjectId: z.uuid() });
const profileView = z
  .object({
    agencyType: z.string().nullable(),
    licenceNumber: z.string().nullable(),
    ipTypes: z.array(z.string()),
    ipcSections: z.array(z.string()),
    industries: z.array(z.string()),
    jurisdictions: z.array(z.string()),
    languages: z.array(z.string()),
    conflictUsccs: z.array(z.string()).nullable(),
    ndaOnFile: z.boolean(),
    available: z.boolean(),
    version: z.number(),
  })
  .nullable();
const single = z.object({
  data: z.object({ subjectType: z.string(), subjectId: z.string(), name: z.string(), profile: profileView }),
  abilities: z.object({ update: z.boolean() }),
});
const short = (max: number) => z.string().trim().min(1).max(max);

const listFilters = {
  kind: z.enum(['agency', 'expert', 'mediator']).optional(),
  ipType: z.enum(ipTypes).optional(),
  jurisdiction: z.string().regex(/^[A-Z]{2}$/).optional(),
  available: queryBool.optional(),
  /** false: only those without a profile yet (the create form's choice of existing accounts). */
  filed: queryBool.optional(),
  q: z.string().trim().max(100).optional(),
};

const profileFields = {
  agencyType: z.enum(['law_firm', 'patent_agency', 'appraisal', 'university', 'other']).nullable().optional(),
  licenceNumber: short(60).nullable().optional(),
  ipTypes: z.array(z.enum(ipTypes)).max(10).default([]),
  ipcSections: z.array(z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])).max(8).default([]),
  industries: z.array(short(20)).max(28).default([]),
  jurisdictions: z.array(z.string().regex(/^[A-Z]{2}$/)).max(50).default([]),
  languages: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).max(20).default([]),
  conflictUsccs: z.array(z.string().max(40).transform(normalizeUscc).refine(isValidUscc, 'validation.uscc')).max(500).default([]),
  ndaOnFile: z.boolean().default(false),
  available: z.boolean().default(true),
};

/** An agency is a new organization of its own; an expert or mediator is an existing account or a new one. */
const createBody = z
  .strictObject({
    kind: z.enum(['agency', 'expert', 'mediator']),
    agency: z.strictObject(newOrganizationFields).omit({ parentId: true, hostKind: true }).optional(),
    userId: z.uuid().optional(),
    account: z.strictObject({ ...newAccountFields, organizationId: z.uuid() }).optional(),
    profile: z.strictObject(profileFields),
  })
  .superRefine((b, c) => {
    if (b.kind === 'agency') {
      if (!b.agency || b.userId || b.account) c.addIssue({ code: 'custom', path: ['agency'], message: 'validation.professional_agency' });
      return;
    }
    if (b.agency || (b.userId ? 1 : 0) + (b.account ? 1 : 0) !== 1) c.addIssue({ code: 'custom', path: ['userId'], message: 'validation.professional_person' });
    if (b.profile.agencyType) c.addIssue({ code: 'custom', path: ['profile', 'agencyType'], message: 'validation.professional_agency_type' });
  });

const routes = {
  export: defineRoute({
    method: 'get', path: '/api/professionals/export', tags: tag, summary: 'The filtered pool of agencies, experts and mediators as .xlsx',
    request: { query: z.object(listFilters) },
    responses: { 200: { description: 'xlsx', content: { [XLSX_TYPE]: { schema: z.string() } } } },
  }),
  list: defineRoute({
    method: 'get', cache: true, path: '/api/professionals', tags: tag, summary: 'Agencies, experts and mediators with their specialties (bureau and workstation staff)',
    request: {
      query: z.object({ ...pagingQuery, ...listFilters }),
    },
    responses: {
      200: json(z.object({
        items: z.array(z.object({ subjectType: z.string(), subjectId: z.string(), name: z.string(), roles: z.array(z.string()), organizationName: z.string().nullable(), profile: profileView, abilities: z.object({ update: z.boolean() }) })),
        total: z.number(), page: z.number(), pageSize: z.number(),
      })),
    },
  }),
  create: defineRoute({
    method: 'post', path: '/api/professionals', tags: tag,
    summary: 'Register an agency (a new agency organization), or an expert or mediator (an existing account without a profile, or a new account), with its profile (bureau)',
    request: { body: jsonBody(createBody) },
    responses: { 201: json(single, 'Created') },
  }),
  get: defineRoute({ method: 'get', path: '/api/professionals/{subjectType}/{subjectId}', tags: tag, summary: 'One profile', request: { params: subject }, responses: { 200: json(single) } }),
  save: defineRoute({
    method: 'put', path: '/api/professionals/{subjectType}/{subjectId}', tags: tag, summary: 'File or update a profile (licence, specialties, conflict declarations by USCC, NDA, availability)',
    request: {
      params: subject,
      body: jsonBody(
        z.strictObject({ version: z.number().int().min(1).optional(), ...profileFields }),
      ),
    },
    responses: { 200: json(single) },
  }),
};

export function professionalRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.export, async (c) => {
    // Refuse before the first byte: once the stream has begun, a 403 can only break the file off.
    await service.listProfessionals(c.get('deps'), actorOf(c), { ...c.req.valid('query'), page: 1, pageSize: 1 });
    const body = professionalsWorkbook(c.get('deps'), actorOf(c), c.req.valid('query'));
    return c.body(body, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachmentName('专业服务机构与专家.xlsx') }) as never;
  });
  app.openapi(routes.list, async (c) => c.json(await service.listProfessionals(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  app.openapi(routes.create, async (c) => c.json(await service.createProfessional(c.get('deps'), actorOf(c), c.req.valid('json')), 201));
  app.openapi(routes.get, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.getProfessional(c.get('deps'), actorOf(c), p.subjectType, p.subjectId), 200);
  });
  app.openapi(routes.save, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.saveProfessional(c.get('deps'), actorOf(c), p.subjectType, p.subjectId, c.req.valid('json')), 200);
  });
  return app;
}
