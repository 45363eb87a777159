import { Alert, App, Button, Checkbox, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useCurrentUser } from '../../auth/session';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { useClusterOptions, useDistrictOptions, useQualificationOptions, useServiceOptions } from './registry-labels';
import { filingSchema, type FilingValues } from './schemas';
import type { WorkstationDetail, WorkstationProfileInput } from './types';
import { useAgencies, useUpdateWorkstation } from './workstations.api';

function toFormValues(w: WorkstationDetail): FilingValues {
  return {
    name: w.name,
    clusters: w.clusters as FilingValues['clusters'],
    districts: w.districts as FilingValues['districts'],
    services: w.services as FilingValues['services'],
    address: w.address,
    contactPhone: w.contactPhone,
    contactEmail: w.contactEmail,
    premisesArea: w.premises.area,
    premisesFacilities: w.premises.facilities,
    fundingDescription: w.funding.description,
    annualBudget: w.funding.annualBudget,
    leaderName: w.leader.name,
    leaderTitle: w.leader.title,
    leaderQualifications: w.leader.qualifications ?? [],
    allianceMember: w.allianceMember,
    selfDisciplineSigned: w.selfDisciplineSigned,
    partnerAgencyIds: w.partnerAgencyIds,
  };
}

/** Only keys with a value: the API's nested objects are strict and take no nulls. */
function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null && value !== '')) as Partial<T>;
}

function toInput(values: ReturnType<typeof filingSchema.parse>): WorkstationProfileInput {
  return {
    name: values.name,
    clusters: values.clusters,
    districts: values.districts,
    services: values.services,
    address: values.address ?? null,
    contactPhone: values.contactPhone ?? null,
    contactEmail: values.contactEmail ?? null,
    premises: compact({ area: values.premisesArea, facilities: values.premisesFacilities ?? undefined }),
    funding: compact({ description: values.fundingDescription ?? undefined, annualBudget: values.annualBudget }),
    leader: compact({ name: values.leaderName ?? undefined, title: values.leaderTitle ?? undefined, qualifications: values.leaderQualifications }),
    allianceMember: values.allianceMember,
    selfDisciplineSigned: values.selfDisciplineSigned,
    partnerAgencyIds: values.partnerAgencyIds,
  };
}

/** Partner agencies: searched among the platform's agencies; the current ones keep their names. */
function PartnerAgencySelect({ current, value, onChange, id }: { current: { id: string; name: string }[]; value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const agencies = useAgencies(q, open || q !== '');
  const options = new Map(current.map((a) => [a.id, a.name]));
  for (const a of agencies.data?.items ?? []) if (a.subjectType === 'agency') options.set(a.subjectId, a.name);
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      onOpenChange={setOpen}
      loading={agencies.isFetching}
      placeholder={t('filing.partnerAgenciesPlaceholder')}
      notFoundContent={agencies.isFetching ? undefined : t('filing.partnerAgenciesNone')}
      options={[...options].map(([value, label]) => ({ value, label }))}
    />
  );
}

/**
 * The filing form. Drafts and corrections change at once; for an active workstation its host files
 * a change (变更备案) that takes effect when the bureau approves it.
 */
export function FilingFormDrawer({ workstation, open, onClose }: { workstation: WorkstationDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<FilingValues>();
  const update = useUpdateWorkstation();
  const clusterOptions = useClusterOptions();
  const districtOptions = useDistrictOptions();
  const serviceOptions = useServiceOptions();
  const qualificationOptions = useQualificationOptions();
  const viaChange = workstation.filingStatus === 'active' && !hasRole(user, 'bureau_admin');
  const rule = (field: keyof FilingValues) => [zodRule(filingSchema, field)];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toFormValues(workstation));
  }, [open, form, workstation]);

  const submit = async () => {
    const values = filingSchema.parse(await form.validateFields());
    update.mutate(
      { id: workstation.id, version: workstation.version, ...toInput(values) },
      {
        onSuccess: () => {
          message.success(t(viaChange ? 'filing.changeRequested' : 'filing.saved'));
          onClose();
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(viaChange ? 'filing.changeTitle' : 'filing.editTitle')}
      size={720}
      closable={{ 'aria-label': t('common.close') }}
      forceRender
      footer={
        <Space>
          <Button type="primary" onClick={() => void submit().catch(() => undefined)} loading={update.isPending}>
            {t(viaChange ? 'filing.submitChange' : 'common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {viaChange && <Alert type="info" showIcon title={t('filing.changeHint')} className="form-alert" />}
      <Form name="filing" form={form} layout="vertical" disabled={update.isPending} onFinish={() => void submit()}>
        <h2 className="form-section">{t('filing.sectionBasics')}</h2>
        <Form.Item name="name" label={t('workstation.name')} rules={rule('name')} required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="clusters" label={t('workstation.clusters')} rules={rule('clusters')} extra={t('filing.clustersHint')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={clusterOptions} />
        </Form.Item>
        <Form.Item name="districts" label={t('workstation.districts')} rules={rule('districts')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={districtOptions} />
        </Form.Item>
        <Form.Item name="services" label={t('workstation.services')} rules={rule('services')}>
          <Checkbox.Group options={serviceOptions} />
        </Form.Item>

        <h2 className="form-section">{t('filing.sectionContact')}</h2>
        <Form.Item name="address" label={t('workstation.address')} rules={rule('address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="contactPhone" label={t('workstation.contactPhone')} rules={rule('contactPhone')}>
              <Input maxLength={30} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactEmail" label={t('workstation.contactEmail')} rules={rule('contactEmail')}>
              <Input type="email" maxLength={254} />
            </Form.Item>
          </Col>
        </Row>

        <h2 className="form-section">{t('filing.sectionLeader')}</h2>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="leaderName" label={t('workstation.leaderName')} rules={rule('leaderName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="leaderTitle" label={t('workstation.leaderTitle')} rules={rule('leaderTitle')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="leaderQualifications" label={t('workstation.leaderQualifications')} rules={rule('leaderQualifications')} extra={t('staff.qualificationsHint')}>
          <Select mode="tags" options={qualificationOptions} tokenSeparators={[',', '，', ';', '；']} />
        </Form.Item>

        <h2 className="form-section">{t('filing.sectionPremises')}</h2>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="premisesArea" label={t('workstation.premisesArea')} rules={rule('premisesArea')}>
              <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} suffix="㎡" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="annualBudget" label={t('workstation.annualBudget')} rules={rule('annualBudget')}>
              <InputNumber min={0} max={1e10} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="premisesFacilities" label={t('workstation.premisesFacilities')} rules={rule('premisesFacilities')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="fundingDescription" label={t('workstation.fundingDescription')} rules={rule('fundingDescription')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="partnerAgencyIds" label={t('workstation.partnerAgencies')} rules={rule('partnerAgencyIds')} extra={t('filing.partnerAgenciesHint')}>
          <PartnerAgencySelect current={workstation.partnerAgencies ?? []} />
        </Form.Item>
        <Form.Item name="allianceMember" valuePropName="checked">
          <Checkbox>{t('workstation.allianceMember')}</Checkbox>
        </Form.Item>
        <Form.Item name="selfDisciplineSigned" valuePropName="checked">
          <Checkbox>{t('workstation.selfDisciplineSigned')}</Checkbox>
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
