-- The 2024 revision of the "20+8" list adds 低空经济与空天 (C21). Its full text was not retrieved: every
-- 2022 code carries over unchanged as a 2024 row, and the day it took effect is not known (the year is).
-- New and re-tagged records take version 2024; records tagged under 2022 keep it.
ALTER TABLE "enterprise_profiles" ALTER COLUMN "cluster_version" SET DEFAULT '2024';--> statement-breakpoint
ALTER TABLE "workstation_profiles" ALTER COLUMN "cluster_version" SET DEFAULT '2024';--> statement-breakpoint
INSERT INTO "clusters" ("code", "version", "kind", "name", "confirmed", "valid_from", "superseded_by") VALUES
('C01', '2024', 'cluster', '网络与通信', false, '2024-01-01', NULL),
('C02', '2024', 'cluster', '半导体与集成电路', true, '2024-01-01', NULL),
('C03', '2024', 'cluster', '超高清视频显示', true, '2024-01-01', NULL),
('C04', '2024', 'cluster', '智能终端', false, '2024-01-01', NULL),
('C05', '2024', 'cluster', '智能传感器', true, '2024-01-01', NULL),
('C06', '2024', 'cluster', '软件与信息服务', false, '2024-01-01', NULL),
('C07', '2024', 'cluster', '数字创意', false, '2024-01-01', NULL),
('C08', '2024', 'cluster', '现代时尚', false, '2024-01-01', NULL),
('C09', '2024', 'cluster', '工业母机', true, '2024-01-01', NULL),
('C10', '2024', 'cluster', '智能机器人', false, '2024-01-01', NULL),
('C11', '2024', 'cluster', '激光与增材制造', true, '2024-01-01', NULL),
('C12', '2024', 'cluster', '精密仪器设备', true, '2024-01-01', NULL),
('C13', '2024', 'cluster', '新能源', true, '2024-01-01', NULL),
('C14', '2024', 'cluster', '安全节能环保', true, '2024-01-01', NULL),
('C15', '2024', 'cluster', '智能网联汽车', true, '2024-01-01', NULL),
('C16', '2024', 'cluster', '新材料', true, '2024-01-01', NULL),
('C17', '2024', 'cluster', '高端医疗器械', true, '2024-01-01', NULL),
('C18', '2024', 'cluster', '生物医药', true, '2024-01-01', NULL),
('C19', '2024', 'cluster', '大健康', true, '2024-01-01', NULL),
('C20', '2024', 'cluster', '海洋产业', true, '2024-01-01', NULL),
('F01', '2024', 'future', '合成生物', true, '2024-01-01', NULL),
('F02', '2024', 'future', '区块链', true, '2024-01-01', NULL),
('F03', '2024', 'future', '细胞与基因', true, '2024-01-01', NULL),
('F04', '2024', 'future', '空天技术', true, '2024-01-01', NULL),
('F05', '2024', 'future', '脑科学与类脑智能', true, '2024-01-01', NULL),
('F06', '2024', 'future', '深地深海', true, '2024-01-01', NULL),
('F07', '2024', 'future', '可见光通信与光计算', true, '2024-01-01', NULL),
('F08', '2024', 'future', '量子信息', true, '2024-01-01', NULL),
('C21', '2024', 'cluster', '低空经济与空天', true, '2024-01-01', NULL);
