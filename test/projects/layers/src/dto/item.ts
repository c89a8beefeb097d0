export interface ItemDto {
  id: string;
  name: string;
}
