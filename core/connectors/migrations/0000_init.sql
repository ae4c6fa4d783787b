CREATE TABLE `connector_departments` (
	`connector` text NOT NULL,
	`remote_id` text NOT NULL,
	`department_id` integer NOT NULL,
	`linked_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`connector`, `remote_id`),
	FOREIGN KEY (`department_id`) REFERENCES `people_departments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connector_departments_department` ON `connector_departments` (`connector`,`department_id`);--> statement-breakpoint
CREATE TABLE `connector_links` (
	`connector` text NOT NULL,
	`remote_user_id` text NOT NULL,
	`employee_id` integer NOT NULL,
	`linked_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`via` text NOT NULL,
	PRIMARY KEY(`connector`, `remote_user_id`),
	FOREIGN KEY (`employee_id`) REFERENCES `people_employees`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connector_links_employee` ON `connector_links` (`connector`,`employee_id`);--> statement-breakpoint
CREATE TABLE `connector_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connector` text NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`summary` text DEFAULT '{}' NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `connector_runs_connector` ON `connector_runs` (`connector`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `connector_sent` (
	`connector` text NOT NULL,
	`event_id` text NOT NULL,
	`remote_user_id` text NOT NULL,
	`invalid` integer DEFAULT false NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`connector`, `event_id`, `remote_user_id`)
);
--> statement-breakpoint
CREATE INDEX `connector_sent_at` ON `connector_sent` (`sent_at`);