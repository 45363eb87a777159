import { App, Divider, Form, Modal, Radio, Select } from 'antd';
import { useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { OrganizationSelect } from '../../components/organization-select';
import { OrganizationFields, organizationFieldsOf, stripNulls, type OrganizationFieldValues } from '../organizations/organization-form-modal';
import { AccountFields } from '../users/user-form-modal';
import { createUserSchema } from '../users/schemas';
import { ProfileFields, profileBody, profileFormValues, type ProfileFormValues } from './profile-fields';
import { useCreateProfessional, useProfessionalList, type NewProfessionalInput } from './professionals.api';

type Kind = 'agency' | 'expert' | 'mediator';
type PersonMode = 'existing' | 'new';

/** One flat form: the kind, then the agency's organization fields or the person's account, then the profile. */
type Values = ProfileFormValues &
  Partial<OrganizationFieldValues> & {
    kind: Kind;
    personMode: PersonMode;
    userId?: string;
    username?: string;
    displayName?: string;
    email?: string | null;
    password?: string;
    organizationId?: string;
  };

/** The server names fields of its body (`agency.uscc`, `account.username`, `profile.licenceNumber`); this form is flat. */
function putServerErrors(form: ReturnType<typeof Form.useForm<Values>>[0], error: unknown): boolean {
  if (!isApiError(error) || !error.details?.length) return false;
  const known = new Set(Object.keys(form.getFieldsValue()));
  const fields = error.details
    .map((issue) => {
      const path = (Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path).split('.')).filter((part) => part !== 'body');
      const name = ['agency', 'account', 'profile'].includes(path[0] ?? '') ? path.slice(1) : path;
      return { name: name[0] === 'role' ? ['organizationId'] : name, errors: [issue.message] };
    })
    .filter((field) => field.name[0] !== undefined && known.has(field.name[0]));
  form.setFields(fields);
  return fields.length > 0;
}

/** Accounts holding the kind's role that have no profile yet (GET /api/professionals?filed=false), searched by name. */
function UnfiledPersonSelect({ kind, value, onChange, id }: { kind: Kind; value?: string; onChange?: (value: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useProfessionalList({ kind, filed: 'false', q, page: 1, pageSize: 20 });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={list.isFetching}
      placeholder={t('common.searchToSelect')}
      notFoundContent={list.isFetching ? t('common.loading') : t('common.noMatch')}
      options={(list.data?.items ?? []).map((row) => ({ value: row.subjectId, label: row.organizationName ? `${row.name}（${row.organizationName}）` : row.name }))}
    />
  );
}

/**
 * Registers a professional from the pool (the bureau): a new agency with its organization, or an
 * expert or mediator, an existing account without a profile or a new account in an agency, each with
 * its profile, in one request (POST /api/professionals).
 */
export function ProfessionalCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateProfessional();
  const kind = Form.useWatch('kind', form) ?? 'agency';
  const personMode = Form.useWatch('personMode', form) ?? 'existing';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ ...profileFormValues(null), kind: 'agency', type: 'agency', personMode: 'existing' });
  }, [open, form]);

  const submit = async () => {
    const values = await form.validateFields();
    const profile = profileBody(values, values.kind === 'agency');
    let body: NewProfessionalInput;
    if (values.kind === 'agency') {
      const { name, uscc, districtCode, foundedOn, address, contactPhone, contactEmail } = organizationFieldsOf({ ...(values as OrganizationFieldValues), type: 'agency' });
      body = { kind: 'agency', agency: { name, ...stripNulls({ uscc, districtCode, foundedOn, address, contactPhone, contactEmail }) }, profile };
    } else if (values.personMode === 'existing') {
      body = { kind: values.kind, userId: values.userId!, profile };
    } else {
      const account = createUserSchema.pick({ username: true, displayName: true, email: true, password: true }).parse(values);
      body = { kind: values.kind, account: { ...account, email: account.email ?? undefined, organizationId: values.organizationId! }, profile };
    }
    try {
      const created = await create.mutateAsync(body);
      message.success(t('professional.created', { name: created.data.name }));
      onClose();
    } catch (error) {
      if (!putServerErrors(form, error)) throw error;
    }
  };

  return (
    <Modal
      open={open}
      title={t('professional.createTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      width={680}
      forceRender
    >
      <Form name="professional-create" form={form} layout="vertical" disabled={create.isPending} onFinish={() => void submit().catch(() => undefined)}>
        <Form.Item name="kind" label={t('professional.createKind')} required>
          <Radio.Group
            optionType="button"
            options={(['agency', 'expert', 'mediator'] as const).map((value) => ({ value, label: t(`professional.kinds.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="type" hidden>
          <input />
        </Form.Item>
        {kind === 'agency' ? (
          <>
            <Divider titlePlacement="start">{t('professional.agencySection')}</Divider>
            <OrganizationFields type="agency" />
          </>
        ) : (
          <>
            <Divider titlePlacement="start">{t('professional.accountSection')}</Divider>
            <Form.Item name="personMode" label={t('professional.personMode')}>
              <Radio.Group options={(['existing', 'new'] as const).map((value) => ({ value, label: t(`professional.personModes.${value}`) }))} />
            </Form.Item>
            {personMode === 'existing' ? (
              <Form.Item
                name="userId"
                label={t('professional.existingUser')}
                extra={t('professional.existingUserHint')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <UnfiledPersonSelect kind={kind} />
              </Form.Item>
            ) : (
              <>
                <AccountFields />
                <Form.Item name="organizationId" label={t('professional.accountOrganization')} rules={[{ required: true, message: t('validation.required') }]}>
                  <OrganizationSelect types={['agency']} />
                </Form.Item>
              </>
            )}
          </>
        )}
        <Divider titlePlacement="start">{t('professional.profileSection')}</Divider>
        <ProfileFields agency={kind === 'agency'} />
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
