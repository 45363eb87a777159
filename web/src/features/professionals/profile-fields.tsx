import { Checkbox, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { isValidUscc, normalizeUscc } from '../enterprises/uscc';
import { AGENCY_TYPES, IPC_SECTIONS, IP_TYPES, type ProfessionalInput, type ProfessionalProfile } from './professionals.api';

/** The profile as a form holds it: the API's input without the version, the licence number as typed. */
export type ProfileFormValues = Omit<ProfessionalInput, 'version' | 'licenceNumber'> & { licenceNumber?: string };

/** A form's starting values for a profile (none filed: empty, available). */
export function profileFormValues(p: ProfessionalProfile | null | undefined): ProfileFormValues {
  return {
    agencyType: p?.agencyType ?? null,
    licenceNumber: p?.licenceNumber ?? '',
    ipTypes: p?.ipTypes ?? [],
    ipcSections: p?.ipcSections ?? [],
    industries: p?.industries ?? [],
    jurisdictions: p?.jurisdictions ?? [],
    languages: p?.languages ?? [],
    conflictUsccs: p?.conflictUsccs ?? [],
    ndaOnFile: p?.ndaOnFile ?? false,
    available: p?.available ?? true,
  };
}

/** The form's profile as the API takes it; only an agency has an agency type. */
export function profileBody(values: ProfileFormValues, agency: boolean): Omit<ProfessionalInput, 'version'> {
  return {
    ...(agency ? { agencyType: values.agencyType ?? null } : {}),
    licenceNumber: values.licenceNumber?.trim() ? values.licenceNumber.trim() : null,
    ipTypes: values.ipTypes ?? [],
    ipcSections: values.ipcSections ?? [],
    industries: (values.industries ?? []).map((value) => value.trim()).filter(Boolean),
    jurisdictions: (values.jurisdictions ?? []).map((value) => value.trim().toUpperCase()),
    languages: (values.languages ?? []).map((value) => value.trim()),
    conflictUsccs: (values.conflictUsccs ?? []).map(normalizeUscc),
    ndaOnFile: values.ndaOnFile ?? false,
    available: values.available ?? true,
  };
}

/** A profile's fields (licence, specialties, conflict declarations, NDA, availability), for editing and for registering. */
export function ProfileFields({ agency }: { agency: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {agency && (
        <Form.Item name="agencyType" label={t('professional.agencyType')}>
          <Select allowClear options={AGENCY_TYPES.map((value) => ({ value, label: t(`professional.agencyTypes.${value}`) }))} />
        </Form.Item>
      )}
      <Form.Item name="licenceNumber" label={t('professional.licenceNumber')} rules={[{ max: 60, message: t('professional.tooLong') }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="ipTypes" label={t('professional.ipTypes')}>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={IP_TYPES.map((value) => ({ value, label: t(`cases.ipType.${value}`, { defaultValue: value }) }))} />
      </Form.Item>
      <Form.Item name="ipcSections" label={t('professional.ipcSections')}>
        <Select mode="multiple" options={IPC_SECTIONS.map((value) => ({ value, label: value }))} />
      </Form.Item>
      <Form.Item name="industries" label={t('professional.industries')}>
        <Select mode="tags" open={false} />
      </Form.Item>
      <Form.Item
        name="jurisdictions"
        label={t('professional.jurisdictions')}
        extra={t('professional.jurisdictionsHint')}
        rules={[{ validator: async (_rule, values: string[] = []) => { if (values.some((v) => !/^[A-Za-z]{2}$/.test(v.trim()))) throw new Error(t('professional.badJurisdiction')); } }]}
      >
        <Select mode="tags" open={false} />
      </Form.Item>
      <Form.Item
        name="languages"
        label={t('professional.languages')}
        extra={t('professional.languagesHint')}
        rules={[{ validator: async (_rule, values: string[] = []) => { if (values.some((v) => !/^[a-z]{2}(-[A-Z]{2})?$/.test(v.trim()))) throw new Error(t('professional.badLanguage')); } }]}
      >
        <Select mode="tags" open={false} />
      </Form.Item>
      <Form.Item
        name="conflictUsccs"
        label={t('professional.conflictUsccs')}
        extra={t('professional.conflictHint')}
        rules={[
          {
            validator: async (_rule, values: string[] = []) => {
              const bad = values.find((value) => !isValidUscc(normalizeUscc(value)));
              if (bad) throw new Error(t('professional.badUscc', { code: bad }));
            },
          },
        ]}
      >
        <Select mode="tags" open={false} aria-label={t('professional.conflictUsccs')} />
      </Form.Item>
      <Form.Item name="ndaOnFile" valuePropName="checked">
        <Checkbox>{t('professional.ndaOnFile')}</Checkbox>
      </Form.Item>
      <Form.Item name="available" label={t('professional.available')} valuePropName="checked">
        <Switch aria-label={t('professional.available')} />
      </Form.Item>
    </>
  );
}
