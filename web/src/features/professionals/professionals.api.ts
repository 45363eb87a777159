import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, type Query } from '../../api/client';

export const IP_TYPES = ['patent_invention', 'utility_model', 'design', 'trademark', 'copyright', 'software_copyright', 'trade_secret', 'geographical_indication', 'layout_design', 'plant_variety'] as const;
export const IPC_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const AGENCY_TYPES = ['law_firm', 'patent_agency', 'appraisal', 'university', 'other'] as const;

export interface ProfessionalProfile {
  agencyType: string | null;
  licenceNumber: string | null;
  ipTypes: string[];
  ipcSections: string[];
  industries: string[];
  jurisdictions: string[];
  languages: string[];
  /** Null when the caller may not see whom the professional serves. */
  conflictUsccs: string[] | null;
  ndaOnFile: boolean;
  available: boolean;
  version: number;
}

export interface ProfessionalListRow {
  subjectType: 'agency' | 'user';
  subjectId: string;
  name: string;
  roles: string[];
  organizationName: string | null;
  profile: ProfessionalProfile | null;
  abilities: { update: boolean };
}

export interface ProfessionalPage {
  items: ProfessionalListRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ProfessionalInput {
  version?: number;
  agencyType?: string | null;
  licenceNumber?: string | null;
  ipTypes: string[];
  ipcSections: string[];
  industries: string[];
  jurisdictions: string[];
  languages: string[];
  conflictUsccs: string[];
  ndaOnFile: boolean;
  available: boolean;
}

export const professionalKeys = {
  all: ['professionals'] as const,
  list: (query: Query) => ['professionals', 'list', query] as const,
};

export function useProfessionalList(query: Query) {
  return useQuery({
    queryKey: professionalKeys.list(query),
    queryFn: ({ signal }) => api.get<ProfessionalPage>('/professionals', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Files or updates a profile (PUT is an upsert; `version` guards against a lost update). */
export function useSaveProfessional() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { subjectType: string; subjectId: string; body: ProfessionalInput }) =>
      request<unknown>(`/professionals/${encodeURIComponent(input.subjectType)}/${encodeURIComponent(input.subjectId)}`, { method: 'PUT', body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: professionalKeys.all }),
  });
}

/** A new agency (its organization), or an expert or mediator (an existing account without a profile, or a new account). */
export type NewProfessionalInput = { kind: 'agency' | 'expert' | 'mediator'; profile: Omit<ProfessionalInput, 'version'> } & (
  | { agency: Record<string, unknown> }
  | { userId: string }
  | { account: { username: string; displayName: string; email?: string; password: string; organizationId: string } }
);

export function useCreateProfessional() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewProfessionalInput) => api.post<{ data: { subjectType: string; subjectId: string; name: string } }>('/professionals', input),
    onSuccess: () => client.invalidateQueries({ queryKey: professionalKeys.all }),
  });
}
