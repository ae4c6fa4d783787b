CREATE TABLE `wecom_inbound` (
	`key` text PRIMARY KEY NOT NULL,
	`received_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wecom_inbound_received` ON `wecom_inbound` (`received_at`);