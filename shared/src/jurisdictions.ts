/**
 * Foreign jurisdictions a professional may work in, as the pool's filter offers them (ISO 3166 codes,
 * plus EP for the European Patent Office). Profiles may hold other two-letter codes; the API's
 * filter takes any, this list is what the web app offers. Names under professional.jurisdictionNames.
 */
export const JURISDICTIONS = ['US', 'EP', 'JP', 'KR', 'DE', 'GB', 'FR', 'IT', 'NL', 'CH', 'SE', 'SG', 'MY', 'TH', 'VN', 'ID', 'IN', 'AU', 'CA', 'BR', 'MX', 'RU', 'AE', 'SA', 'HK', 'MO', 'TW'] as const;
