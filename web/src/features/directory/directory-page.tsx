import { EnvironmentOutlined, MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Input, Pagination, Row, Select, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useListState } from '../../lib/list-state';
import { CodeTags, useClusterOptions, useDistrictOptions } from '../workstations/registry-labels';
import type { PublicWorkstation } from '../workstations/types';
import { usePublicDirectory } from '../workstations/workstations.api';
import { PublicLayout } from './public-layout';

const PAGE_SIZE = 12;

/**
 * The public directory (no sign-in): active workstations by cluster and district, searchable by
 * name, with the services they offer and how to reach them. Nothing private is on the page.
 */
export default function DirectoryPage() {
  const { t } = useTranslation();
  const list = useListState(['cluster', 'district', 'q'] as const);
  const [search, setSearch] = useState(list.filters.q);
  const clusterOptions = useClusterOptions();
  const districtOptions = useDistrictOptions();
  const directory = usePublicDirectory({ cluster: list.filters.cluster, district: list.filters.district, q: list.filters.q, page: list.page, pageSize: PAGE_SIZE });
  const items = directory.data?.items ?? [];

  return (
    <PublicLayout>
      <h1 className="public-title">{t('directory.title')}</h1>
      <p className="public-intro">{t('directory.intro')}</p>
      <Card className="toolbar">
        <Flex gap="middle" wrap role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('directory.search')}
            placeholder={t('directory.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 320 }}
            enterButton={t('common.search')}
          />
          <Select
            aria-label={t('directory.byCluster')}
            showSearch={{ optionFilterProp: 'label' }}
            value={list.filters.cluster}
            onChange={(value) => list.setFilters({ cluster: value })}
            style={{ width: 240 }}
            options={[{ value: '', label: t('registry.allClusters') }, ...clusterOptions]}
          />
          <Select
            aria-label={t('directory.byDistrict')}
            value={list.filters.district}
            onChange={(value) => list.setFilters({ district: value })}
            style={{ width: 180 }}
            options={[{ value: '', label: t('registry.allDistricts') }, ...districtOptions]}
          />
        </Flex>
        <div className="chip-row" role="group" aria-label={t('directory.byDistrict')}>
          <span className="chip-row-label">{t('directory.byDistrict')}</span>
          <Tag.CheckableTag checked={!list.filters.district} onChange={() => list.setFilters({ district: undefined })}>
            {t('registry.allDistricts')}
          </Tag.CheckableTag>
          {districtOptions.map((option) => (
            <Tag.CheckableTag
              key={option.value}
              checked={list.filters.district === option.value}
              onChange={(checked) => list.setFilters({ district: checked ? option.value : undefined })}
            >
              {option.label}
            </Tag.CheckableTag>
          ))}
        </div>
      </Card>
      <p aria-live="polite" className="directory-meta">
        {directory.data ? t('directory.count', { count: directory.data.total }) : t('common.loading')}
      </p>
      <Spin spinning={directory.isFetching}>
        {items.length === 0 && !directory.isPending ? (
          <Empty description={t('directory.none')} />
        ) : (
          <Row gutter={[16, 16]} className="stat-row">
            {items.map((item) => (
              <Col key={item.id} xs={24} md={12} xl={8}>
                <DirectoryCard item={item} />
              </Col>
            ))}
          </Row>
        )}
      </Spin>
      {(directory.data?.total ?? 0) > PAGE_SIZE && (
        <Flex justify="center" className="stat-row">
          <Pagination
            current={list.page}
            pageSize={PAGE_SIZE}
            total={directory.data?.total ?? 0}
            showSizeChanger={false}
            onChange={(page) => list.onTableChange({ current: page }, [])}
          />
        </Flex>
      )}
    </PublicLayout>
  );
}

function DirectoryCard({ item }: { item: PublicWorkstation }) {
  const { t } = useTranslation();
  return (
    <Card className="directory-card" title={<h2 className="directory-card-title">{item.name}</h2>}>
      <Space orientation="vertical" size={8} className="full-width">
        {item.hostName && <p className="directory-meta">{t('directory.host', { name: item.hostName })}</p>}
        {item.filingNumber && <p className="directory-meta">{t('directory.filingNumber', { number: item.filingNumber })}</p>}
        <div>
          <span className="chip-row-label">{t('workstation.clusters')}</span>
          <CodeTags codes={item.clusters} prefix="cluster" />
        </div>
        <div>
          <span className="chip-row-label">{t('workstation.districts')}</span>
          <CodeTags codes={item.districts} prefix="district" />
        </div>
        <div>
          <span className="chip-row-label">{t('workstation.services')}</span>
          <CodeTags codes={item.services} prefix="service" />
        </div>
        {item.address && (
          <p className="directory-meta">
            <EnvironmentOutlined aria-hidden /> <span className="sr-only">{t('workstation.address')}</span>
            {item.address}
          </p>
        )}
        {item.contactPhone && (
          <p className="directory-meta">
            <PhoneOutlined aria-hidden /> <span className="sr-only">{t('workstation.contactPhone')}</span>
            <a href={`tel:${item.contactPhone.replace(/[^0-9+]/g, '')}`}>{item.contactPhone}</a>
          </p>
        )}
        {item.contactEmail && (
          <p className="directory-meta">
            <MailOutlined aria-hidden /> <span className="sr-only">{t('workstation.contactEmail')}</span>
            <a href={`mailto:${item.contactEmail}`}>{item.contactEmail}</a>
          </p>
        )}
      </Space>
    </Card>
  );
}
